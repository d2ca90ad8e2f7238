import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { apiTokens } from "../../../db/schema";
import { invalidateAgent } from "../../../server/agents/invalidate-agent";
import { authenticateApiToken, createApiToken, hashApiToken } from "../../../server/auth/api-tokens";
import { createAgent, createToken } from "../../support/factories";

describe("API tokens", () => {
  it("authenticate as their agent", async () => {
    const db = getDb();
    const agent = await createAgent(db, { isAdmin: true });
    const token = await createToken(db, agent);
    expect(await authenticateApiToken(db, token)).toEqual({ id: agent.id, login: agent.login, name: agent.name, isAdmin: true });
  });

  it("are 32 random bytes, different every time, stored only as SHA-256", async () => {
    const db = getDb();
    const agent = await createAgent(db);
    const first = await createApiToken(db, { login: agent.login, name: "laptop" });
    const second = await createApiToken(db, { login: agent.login });
    expect(first.token).not.toBe(second.token);
    expect(Buffer.from(first.token.slice(3), "base64url")).toHaveLength(32);
    const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, first.id));
    expect(row).toMatchObject({ name: "laptop", tokenHash: hashApiToken(first.token), revokedAt: null });
    expect(row!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refuse unknown, altered, foreign-looking and empty tokens", async () => {
    const db = getDb();
    const token = await createToken(db, await createAgent(db));
    for (const bad of ["", "hd_", `${token}x`, token.slice(0, -1), hashApiToken(token), "Bearer " + token, token.replace(/^hd_/, "")]) {
      expect(await authenticateApiToken(db, bad)).toBeNull();
    }
  });

  it("stop working once revoked or when their agent is disabled", async () => {
    const db = getDb();
    const revokedAgent = await createAgent(db);
    const revoked = await createApiToken(db, { login: revokedAgent.login });
    await db.update(apiTokens).set({ revokedAt: sql`now()` }).where(eq(apiTokens.id, revoked.id));
    expect(await authenticateApiToken(db, revoked.token)).toBeNull();

    const disabledAgent = await createAgent(db);
    const token = await createToken(db, disabledAgent);
    await invalidateAgent(db, disabledAgent.id);
    expect(await authenticateApiToken(db, token)).toBeNull();
  });

  it("cannot be created for an unknown or disabled agent", async () => {
    const db = getDb();
    await expect(createApiToken(db, { login: "nobody" })).rejects.toThrow("agent nobody not found");
    const agent = await createAgent(db);
    await invalidateAgent(db, agent.id);
    await expect(createApiToken(db, { login: agent.login })).rejects.toThrow("is invalid");
  });

  it("record when they were last used", async () => {
    const db = getDb();
    const created = await createApiToken(db, { login: (await createAgent(db)).login });
    await authenticateApiToken(db, created.token);
    const [row] = await db.select({ lastUsedAt: apiTokens.lastUsedAt }).from(apiTokens).where(eq(apiTokens.id, created.id));
    expect(row!.lastUsedAt).toBeInstanceOf(Date);
  });
});
