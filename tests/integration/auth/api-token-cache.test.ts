import { eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { connect, getDb } from "../../../db/client";
import { apiTokens } from "../../../db/schema";
import { invalidateAgent } from "../../../server/agents/invalidate-agent";
import { notifyAgentChanged } from "../../../server/agents/notify-agent-changed";
import { updateAgent } from "../../../server/agents/update-agent";
import { ApiTokenCache, getApiTokenCache } from "../../../server/auth/api-token-cache";
import { authenticateApiToken, hashApiToken } from "../../../server/auth/api-tokens";
import { issueApiToken } from "../../../server/auth/issue-api-token";
import { revokeApiToken } from "../../../server/auth/revoke-api-token";
import { actorOf, createAgent, createToken, testAdmin } from "../../support/factories";
import { recordingRelay } from "../../support/recording-relay";
import { until } from "../../support/until";

const caches: ApiTokenCache[] = [];
afterEach(async () => {
  await Promise.all(caches.splice(0).map((cache) => cache.close()));
});

/** A cache of its own, as another web process has: it learns of changes by NOTIFY only. */
async function listeningCache(): Promise<ApiTokenCache> {
  const cache = new ApiTokenCache(process.env.DATABASE_URL!);
  caches.push(cache);
  await until(() => cache.trusted, "the cache listens");
  return cache;
}

describe("ApiTokenCache", () => {
  it("answers a token it has seen without a round trip", async () => {
    const agent = await createAgent(getDb());
    const token = await createToken(getDb(), agent);
    const cache = await listeningCache();
    const relay = await recordingRelay();
    const db = connect(relay.url, { max: 1 });
    try {
      const first = await authenticateApiToken(db, token, cache);
      relay.reset();

      const again = await authenticateApiToken(db, token, cache);

      expect(again).toEqual(first);
      expect(again).toMatchObject({ id: agent.id, login: agent.login });
      expect(relay.written).toEqual([]);
    } finally {
      await db.$client.end({ timeout: 5 });
      relay.close();
    }
  });

  it.each([
    ["the token is revoked", async (agentId: number, tokenId: number) => revokeApiToken(getDb(), await testAdmin(getDb()), { id: tokenId }).then(() => agentId)],
    ["the agent is invalidated", async (agentId: number) => invalidateAgent(getDb(), agentId).then(() => agentId)],
  ])("refuses the token in another process once %s there", async (_case, change) => {
    const db = getDb();
    const agent = actorOf(await createAgent(db));
    const { id, token } = await issueApiToken(db, agent, { name: "cached" });
    const cache = await listeningCache();
    expect(await authenticateApiToken(db, token, cache)).toMatchObject({ id: agent.id });
    expect(cache.get(hashApiToken(token))).toBeDefined();

    await change(agent.id, id);

    await until(() => cache.get(hashApiToken(token)) === undefined, "the announcement arrives");
    expect(await authenticateApiToken(db, token, cache)).toBeNull();
  });

  it("answers with the agent's new rights once they are taken", async () => {
    const db = getDb();
    const agent = await createAgent(db, { isAdmin: true });
    const token = await createToken(db, agent);
    const cache = await listeningCache();
    expect(await authenticateApiToken(db, token, cache)).toMatchObject({ isAdmin: true });

    await updateAgent(db, await testAdmin(db), { id: agent.id, isAdmin: false });

    await until(() => cache.get(hashApiToken(token)) === undefined, "the announcement arrives");
    expect(await authenticateApiToken(db, token, cache)).toMatchObject({ id: agent.id, isAdmin: false });
  });

  it("forgets in the changing process before the change commits", async () => {
    const db = getDb();
    const agent = await createAgent(db);
    const token = await createToken(db, agent);
    const cache = getApiTokenCache()!;
    await until(() => cache.trusted, "the cache listens");
    await authenticateApiToken(db, token, cache);
    expect(cache.get(hashApiToken(token))).toBeDefined();

    const beforeCommit = await db.transaction(async (tx) => {
      await notifyAgentChanged(tx, agent.id);
      return cache.get(hashApiToken(token));
    });

    expect(beforeCommit).toBeUndefined();
  });

  it("does not keep an answer read before a change was announced", async () => {
    const db = getDb();
    const agent = await createAgent(db);
    const token = await createToken(db, agent);
    const cache = await listeningCache();
    const mark = cache.mark();
    const found = { tokenId: 1, lastUsedAt: null, actor: actorOf(agent) };

    cache.forgetAgent(agent.id + 1);
    cache.store(hashApiToken(token), found, mark);

    expect(cache.get(hashApiToken(token))).toBeUndefined();
    cache.store(hashApiToken(token), found, cache.mark());
    expect(cache.get(hashApiToken(token))).toBeDefined();
  });

  it("answers nothing while its LISTEN is lost, and starts empty once it listens again", async () => {
    const db = getDb();
    const agent = await createAgent(db);
    const token = await createToken(db, agent);
    const cache = await listeningCache();
    await authenticateApiToken(db, token, cache);

    await db.execute(sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'helpdesk-token-cache' and datname = current_database()`);
    await until(() => !cache.trusted, "the cache notices the lost connection");
    expect(cache.get(hashApiToken(token))).toBeUndefined();
    // Revoked while nobody listened, and without an announcement: the cache cannot know.
    await db.update(apiTokens).set({ revokedAt: sql`now()` }).where(eq(apiTokens.tokenHash, hashApiToken(token)));

    await until(() => cache.trusted, "the cache listens again");
    expect(await authenticateApiToken(db, token, cache)).toBeNull();
  });

  it("writes last_used_at once per minute, from the cache too", async () => {
    const db = getDb();
    const agent = await createAgent(db);
    const token = await createToken(db, agent);
    const cache = await listeningCache();
    const lastUsed = async () => (await db.select({ at: apiTokens.lastUsedAt }).from(apiTokens).where(eq(apiTokens.tokenHash, hashApiToken(token))))[0]!.at;

    await authenticateApiToken(db, token, cache);
    expect(await lastUsed()).not.toBeNull();
    const longAgo = new Date("2026-01-01T00:00:00Z");
    await db.update(apiTokens).set({ lastUsedAt: longAgo }).where(eq(apiTokens.tokenHash, hashApiToken(token)));

    await authenticateApiToken(db, token, cache);
    expect(await lastUsed()).toEqual(longAgo);

    cache.get(hashApiToken(token))!.lastUsedAt = Date.now() - 61_000;
    await authenticateApiToken(db, token, cache);
    expect((await lastUsed())!.getTime()).toBeGreaterThan(longAgo.getTime());
  });
});
