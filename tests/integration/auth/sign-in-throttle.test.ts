import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { signInAttempts } from "../../../db/schema";
import { attemptSignIn, SIGN_IN_LIMITS } from "../../../server/auth/sign-in-throttle";
import { createAgent } from "../../support/factories";

const PASSWORD = "the right password";

async function fail(login: string, address: string, times: number) {
  for (let i = 0; i < times; i++) expect(await attemptSignIn(getDb(), { login, password: "a wrong guess", address })).toEqual({ outcome: "failed" });
}

/** Moves every attempt of `login` back in time, as if `seconds` had passed. */
async function age(login: string, seconds: number) {
  await getDb()
    .update(signInAttempts)
    .set({ createdAt: sql`${signInAttempts.createdAt} - make_interval(secs => ${seconds})` })
    .where(eq(signInAttempts.login, login.toLowerCase()));
}

describe("attemptSignIn", () => {
  it("signs in with the right password and refuses a wrong one", async () => {
    const agent = await createAgent(getDb(), { password: PASSWORD });
    expect(await attemptSignIn(getDb(), { login: agent.login, password: PASSWORD, address: "192.0.2.1" })).toMatchObject({ outcome: "succeeded", agent: { id: agent.id } });
    expect(await attemptSignIn(getDb(), { login: agent.login, password: "nope", address: "192.0.2.1" })).toEqual({ outcome: "failed" });
  });

  it("after 5 failures of one login in 15 minutes refuses it — even with the right password, from any address — until they age out", async () => {
    const agent = await createAgent(getDb(), { password: PASSWORD });
    await fail(agent.login, "192.0.2.10", SIGN_IN_LIMITS.perLogin);
    const refused = await attemptSignIn(getDb(), { login: agent.login.toUpperCase(), password: PASSWORD, address: "198.51.100.7" });
    expect(refused).toMatchObject({ outcome: "throttled" });
    expect(refused.outcome === "throttled" && refused.retryAfterSeconds).toBeGreaterThan(14 * 60);

    // Refused attempts do not extend the throttle: once the failures are 15 minutes old, it ends.
    await age(agent.login, SIGN_IN_LIMITS.windowSeconds + 1);
    expect(await attemptSignIn(getDb(), { login: agent.login, password: PASSWORD, address: "192.0.2.10" })).toMatchObject({ outcome: "succeeded" });
  });

  it("a success clears the login's count: 4 failures, a success, 4 more are still allowed", async () => {
    const agent = await createAgent(getDb(), { password: PASSWORD });
    await fail(agent.login, "192.0.2.20", SIGN_IN_LIMITS.perLogin - 1);
    expect(await attemptSignIn(getDb(), { login: agent.login, password: PASSWORD, address: "192.0.2.20" })).toMatchObject({ outcome: "succeeded" });
    await fail(agent.login, "192.0.2.20", SIGN_IN_LIMITS.perLogin - 1);
    expect(await attemptSignIn(getDb(), { login: agent.login, password: PASSWORD, address: "192.0.2.20" })).toMatchObject({ outcome: "succeeded" });
  });

  it("throttles unknown logins alike, revealing nothing", async () => {
    await fail("nobody-by-that-name", "192.0.2.30", SIGN_IN_LIMITS.perLogin);
    expect(await attemptSignIn(getDb(), { login: "nobody-by-that-name", password: "x", address: "192.0.2.31" })).toMatchObject({ outcome: "throttled" });
  });

  it("after 20 failures from one address refuses every login from it, not from elsewhere; a success there does not reset it", async () => {
    const db = getDb();
    const victim = await createAgent(db, { password: PASSWORD });
    const address = "203.0.113.99";
    for (let i = 0; i < SIGN_IN_LIMITS.perAddress - 1; i++) await fail(`sprayed-${i}`, address, 1);
    expect(await attemptSignIn(db, { login: victim.login, password: PASSWORD, address })).toMatchObject({ outcome: "succeeded" });
    await fail("sprayed-last", address, 1);
    expect(await attemptSignIn(db, { login: victim.login, password: PASSWORD, address })).toMatchObject({ outcome: "throttled" });
    expect(await attemptSignIn(db, { login: victim.login, password: PASSWORD, address: "203.0.113.100" })).toMatchObject({ outcome: "succeeded" });
  });

  it("parallel guesses cannot overrun the limit: at most 5 are checked", async () => {
    const agent = await createAgent(getDb(), { password: PASSWORD });
    const results = await Promise.all(Array.from({ length: 12 }, () => attemptSignIn(getDb(), { login: agent.login, password: "parallel guess", address: "192.0.2.40" })));
    expect(results.filter((result) => result.outcome === "failed")).toHaveLength(SIGN_IN_LIMITS.perLogin);
    expect(results.filter((result) => result.outcome === "throttled")).toHaveLength(12 - SIGN_IN_LIMITS.perLogin);
  });
});
