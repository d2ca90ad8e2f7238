import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { signInAttempts } from "../../db/schema";
import { parseInput } from "../validation";
import { verifyCredentials, type SessionAgent } from "./session-agent";

export interface SignInLimits {
  windowSeconds: number;
  /** Failures of one login within the window (since its last success) before it is refused. */
  perLogin: number;
  /** Failures from one client address within the window, whatever the login (offices share addresses: higher). */
  perAddress: number;
}

export const SIGN_IN_LIMITS: SignInLimits = { windowSeconds: 15 * 60, perLogin: 5, perAddress: 20 };

export const attemptSignInInput = z.object({
  login: z.string().min(1).max(200),
  password: z.string().min(1).max(1024),
  /** The client address, or "unknown" (see `clientAddress`). */
  address: z.string().min(1).max(100),
});

export type SignInResult =
  | { outcome: "succeeded"; agent: SessionAgent }
  | { outcome: "failed" }
  /** Refused without checking the password; `retryAfterSeconds` until an attempt is allowed again. */
  | { outcome: "throttled"; retryAfterSeconds: number };

/** Attempts are kept this long, then dropped as their login or address comes back. */
const KEEP_ATTEMPTS = sql`interval '1 day'`;

/**
 * Seconds until fewer than `limit` failures remain in the window, given how long each failure
 * (oldest first) has left in it; 0 when there are fewer already.
 */
function retryAfter(secondsLeft: number[], limit: number): number {
  if (secondsLeft.length < limit) return 0;
  return Math.max(1, Math.ceil(secondsLeft[secondsLeft.length - limit]!));
}

/**
 * A sign-in with a password, throttled per login and per client address: after too many
 * failures in the window, attempts are refused — even with the right password — until the
 * oldest failures age out. A success clears the login's count (not the address's: a success
 * with one's own account must not buy guesses at another's). Refused attempts are recorded but
 * do not count, so the throttle ends on time however often it is hit. Attempts on one login are
 * serialised (a transaction advisory lock), so parallel guesses cannot overrun the limit.
 * Unknown logins are throttled alike, revealing nothing.
 */
export async function attemptSignIn(db: Db, rawInput: z.input<typeof attemptSignInInput>, limits: SignInLimits = SIGN_IN_LIMITS): Promise<SignInResult> {
  const input = parseInput(attemptSignInInput, rawInput);
  const login = input.login.trim().toLowerCase();
  const window = sql`now() - make_interval(secs => ${limits.windowSeconds})`;
  const secondsLeft = sql<number>`extract(epoch from ${signInAttempts.createdAt} + make_interval(secs => ${limits.windowSeconds}) - now())::float8`;
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`sign-in:${login}`}, 0))`);
    await tx.delete(signInAttempts).where(and(eq(signInAttempts.login, login), sql`${signInAttempts.createdAt} < now() - ${KEEP_ATTEMPTS}`));
    await tx.delete(signInAttempts).where(and(eq(signInAttempts.address, input.address), sql`${signInAttempts.createdAt} < now() - ${KEEP_ATTEMPTS}`));
    const loginFailures = await tx
      .select({ left: secondsLeft })
      .from(signInAttempts)
      .where(
        sql`${signInAttempts.login} = ${login} and ${signInAttempts.outcome} = 'failed' and ${signInAttempts.createdAt} > ${window}
          and ${signInAttempts.createdAt} > coalesce((select max(s.created_at) from sign_in_attempts s where s.login = ${login} and s.outcome = 'succeeded'), '-infinity')`,
      )
      .orderBy(signInAttempts.createdAt);
    const addressFailures = await tx
      .select({ left: secondsLeft })
      .from(signInAttempts)
      .where(sql`${signInAttempts.address} = ${input.address} and ${signInAttempts.outcome} = 'failed' and ${signInAttempts.createdAt} > ${window}`)
      .orderBy(signInAttempts.createdAt);
    const wait = Math.max(
      retryAfter(loginFailures.map((row) => row.left), limits.perLogin),
      retryAfter(addressFailures.map((row) => row.left), limits.perAddress),
    );
    if (wait > 0) {
      await tx.insert(signInAttempts).values({ login, address: input.address, outcome: "throttled" });
      return { outcome: "throttled", retryAfterSeconds: wait };
    }
    const agent = await verifyCredentials(tx, input.login, input.password);
    await tx.insert(signInAttempts).values({ login, address: input.address, outcome: agent ? "succeeded" : "failed" });
    return agent ? { outcome: "succeeded", agent } : { outcome: "failed" };
  });
}
