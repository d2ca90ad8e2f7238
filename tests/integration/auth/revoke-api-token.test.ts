import { describe, expect, it } from "vitest";
import { GET } from "../../../app/api/v1/queues/route";
import { getDb } from "../../../db/client";
import { authenticateApiToken } from "../../../server/auth/api-tokens";
import { issueApiToken } from "../../../server/auth/issue-api-token";
import { listApiTokens } from "../../../server/auth/list-api-tokens";
import { revokeApiToken } from "../../../server/auth/revoke-api-token";
import { findSessionAgent } from "../../../server/auth/session-agent";
import { NotFoundError } from "../../../server/errors";
import { agentState, auditRows } from "../../support/audit";
import { actorOf, createAgent, testAdmin } from "../../support/factories";
import { listen } from "../../support/listen";

const queuesWith = (token: string) => GET(new Request("http://localhost/api/v1/queues", { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({}) });

describe("personal API tokens", () => {
  it("are issued with a name, listed newest first without the token, and audited", async () => {
    const db = getDb();
    const agent = actorOf(await createAgent(db));
    const first = await issueApiToken(db, agent, { name: "laptop" });
    const second = await issueApiToken(db, agent, { name: "  ci  " });
    expect(await authenticateApiToken(db, first.token)).toMatchObject({ id: agent.id });
    expect(await listApiTokens(db, agent.id)).toEqual([
      { id: second.id, name: "ci", createdAt: expect.any(String), lastUsedAt: null, revokedAt: null },
      { id: first.id, name: "laptop", createdAt: expect.any(String), lastUsedAt: expect.any(String), revokedAt: null },
    ]);
    expect(JSON.stringify(await listApiTokens(db, agent.id))).not.toContain(first.token);
    expect(await auditRows(db, `token:${first.id}`)).toEqual([{ actorId: agent.id, action: "token.create", details: { agentId: agent.id, name: "laptop" } }]);
    await expect(issueApiToken(db, agent, { name: "" })).rejects.toMatchObject({ field: "name" });
  });

  it("a revoked token gets 401 from the next request on; its owner's session_version is raised and the sidecars told", async () => {
    const db = getDb();
    const agent = actorOf(await createAgent(db));
    const { id, token } = await issueApiToken(db, agent, { name: "script" });
    expect((await queuesWith(token)).status).toBe(200);
    const notifications = await listen("helpdesk_agents");
    try {
      expect(await revokeApiToken(db, agent, { id })).toEqual({ agentId: agent.id, sessionVersion: 2 });
      expect(await notifications.next()).toBe(String(agent.id));
    } finally {
      await notifications.close();
    }
    expect((await queuesWith(token)).status).toBe(401);
    expect(await findSessionAgent(db, agent.id, 1)).toBeNull();
    expect((await listApiTokens(db, agent.id))[0]!.revokedAt).not.toBeNull();
    expect(await auditRows(db, `token:${id}`)).toContainEqual({ actorId: agent.id, action: "token.revoke", details: { agentId: agent.id, name: "script" } });
  });

  it("revoking twice changes nothing the second time", async () => {
    const db = getDb();
    const agent = actorOf(await createAgent(db));
    const { id } = await issueApiToken(db, agent, { name: "once" });
    await revokeApiToken(db, agent, { id });
    expect(await revokeApiToken(db, agent, { id })).toEqual({ agentId: agent.id, sessionVersion: 2 });
    expect(await agentState(db, agent.id)).toMatchObject({ sessionVersion: 2 });
  });

  it("another agent's token does not exist for an agent; an administrator may revoke it", async () => {
    const db = getDb();
    const owner = actorOf(await createAgent(db));
    const other = actorOf(await createAgent(db));
    const { id, token } = await issueApiToken(db, owner, { name: "mine" });
    await expect(revokeApiToken(db, other, { id })).rejects.toBeInstanceOf(NotFoundError);
    expect(await authenticateApiToken(db, token)).not.toBeNull();
    const admin = await testAdmin(db);
    expect(await revokeApiToken(db, admin, { id })).toMatchObject({ agentId: owner.id });
    expect(await authenticateApiToken(db, token)).toBeNull();
    expect((await auditRows(db, `token:${id}`)).at(-1)).toMatchObject({ actorId: admin.id, action: "token.revoke" });
  });
});
