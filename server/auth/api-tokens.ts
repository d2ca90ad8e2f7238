import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { preparedQuery } from "../../db/prepared-query";
import { agents, apiTokens } from "../../db/schema";
import { findAgentByLogin } from "../agents/find-agent";
import { InvalidInputError } from "../errors";
import { parseInput } from "../validation";
import type { Actor } from "./actor";
import type { ApiTokenCache, CachedToken } from "./api-token-cache";

const TOKEN_PREFIX = "hd_";
/** last_used_at is a hint for the owner, not an audit: write it at most this often per token. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** SHA-256, not argon2: the token is 32 random bytes, so a slow hash adds nothing but ~50 ms a request. */
export function hashApiToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export const createApiTokenInput = z.object({
  login: z.string().trim().min(1, "required"),
  name: z.string().trim().min(1).max(100).default("cli"),
});

export interface CreatedApiToken {
  id: number;
  /** Shown once: only its hash is stored. */
  token: string;
}

export async function createApiToken(db: Db, rawInput: z.input<typeof createApiTokenInput>): Promise<CreatedApiToken> {
  const input = parseInput(createApiTokenInput, rawInput);
  const agent = await findAgentByLogin(db, input.login);
  if (!agent.valid) throw new InvalidInputError("login", `agent ${agent.login} is invalid`);
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const [row] = await db.insert(apiTokens).values({ agentId: agent.id, name: input.name, tokenHash: hashApiToken(token) }).returning({ id: apiTokens.id });
  return { id: row!.id, token };
}

/**
 * The valid agent a bearer token belongs to, or null for an unknown, revoked or disowned token.
 * With a cache (the web process's), a token it has seen costs no round trip.
 */
export async function authenticateApiToken(db: Db, token: string, cache?: ApiTokenCache | null): Promise<Actor | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const tokenHash = hashApiToken(token);
  const cached = cache?.get(tokenHash);
  if (cached) {
    await recordUse(db, cached);
    return cached.actor;
  }
  const mark = cache?.mark() ?? 0;
  const [row] = await preparedQuery(db, "authenticate_api_token", (db) =>
    db
      .select({ tokenId: apiTokens.id, lastUsedAt: apiTokens.lastUsedAt, id: agents.id, login: agents.login, name: agents.name, isAdmin: agents.isAdmin })
      .from(apiTokens)
      .innerJoin(agents, eq(agents.id, apiTokens.agentId))
      .where(and(eq(apiTokens.tokenHash, sql.placeholder("tokenHash")), isNull(apiTokens.revokedAt), eq(agents.valid, true)))
      .prepare("authenticate_api_token"),
  ).execute({ tokenHash });
  if (!row) return null;
  const found: CachedToken = { tokenId: row.tokenId, lastUsedAt: row.lastUsedAt?.getTime() ?? null, actor: { id: row.id, login: row.login, name: row.name, isAdmin: row.isAdmin } };
  await recordUse(db, found);
  cache?.store(tokenHash, found, mark);
  return found.actor;
}

/** Writes `last_used_at` when it is older than its resolution (and notes it in `token`, which the cache may hold). */
async function recordUse(db: Db, token: CachedToken): Promise<void> {
  const now = Date.now();
  if (token.lastUsedAt !== null && now - token.lastUsedAt <= LAST_USED_RESOLUTION_MS) return;
  token.lastUsedAt = now;
  await db.update(apiTokens).set({ lastUsedAt: sql`now()` }).where(eq(apiTokens.id, token.tokenId));
}
