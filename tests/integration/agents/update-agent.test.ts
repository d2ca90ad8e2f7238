import { describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { updateAgent } from "../../../server/agents/update-agent";
import { findSessionAgent, verifyCredentials } from "../../../server/auth/session-agent";
import { ForbiddenError, InvalidInputError, NotFoundError } from "../../../server/errors";
import { getAgent } from "../../../server/agents/get-agent";
import { agentState, auditRows } from "../../support/audit";
import { actorOf, createAgent, createGroup, testAdmin } from "../../support/factories";
import { listen } from "../../support/listen";

describe("updateAgent", () => {
  it("changes name, email and the admin flag, audits only what changed, and tells the sidecars", async () => {
    const db = getDb();
    const admin = await testAdmin(db);
    const agent = await createAgent(db, { name: "Gina" });
    const notifications = await listen("helpdesk_agents");
    try {
      const updated = await updateAgent(db, admin, { id: agent.id, name: "Gina Lollo", email: agent.login + "@example.com", isAdmin: true });
      expect(updated).toMatchObject({ name: "Gina Lollo", isAdmin: true, valid: true });
      expect(await notifications.next()).toBe(String(agent.id));
    } finally {
      await notifications.close();
    }
    expect(await auditRows(db, `agent:${agent.id}`)).toEqual([{ actorId: admin.id, action: "agent.update", details: { name: "Gina Lollo", isAdmin: true } }]);
    // Promotion needs no new session: the session reads the flag fresh on every request.
    expect(await findSessionAgent(db, agent.id, 1)).toMatchObject({ isAdmin: true });
  });

  it("invalidating ends every session at once (session_version); re-validating lets the agent sign in again", async () => {
    const db = getDb();
    const admin = await testAdmin(db);
    const agent = await createAgent(db, { password: "the right password" });
    await updateAgent(db, admin, { id: agent.id, valid: false });
    expect(await agentState(db, agent.id)).toMatchObject({ valid: false, sessionVersion: 2 });
    expect(await findSessionAgent(db, agent.id, 1)).toBeNull();
    expect(await verifyCredentials(db, agent.login, "the right password")).toBeNull();

    await updateAgent(db, admin, { id: agent.id, valid: true });
    expect(await agentState(db, agent.id)).toMatchObject({ valid: true, sessionVersion: 2 });
    expect(await verifyCredentials(db, agent.login, "the right password")).toMatchObject({ sessionVersion: 2 });
    expect((await auditRows(db, `agent:${agent.id}`)).map((row) => row.details)).toEqual([{ valid: false }, { valid: true }]);
  });

  it("writes nothing when nothing changes", async () => {
    const db = getDb();
    const agent = await createAgent(db, { name: "Hal" });
    await updateAgent(db, await testAdmin(db), { id: agent.id, name: "Hal", valid: true });
    expect(await auditRows(db, `agent:${agent.id}`)).toEqual([]);
  });

  it("replaces permissions on the groups given, in the same call", async () => {
    const db = getDb();
    const agent = await createAgent(db);
    const group = await createGroup(db);
    await updateAgent(db, await testAdmin(db), { id: agent.id, permissions: [{ group: group.name, permissions: ["ro", "note"] }] });
    expect((await getAgent(db, agent.id)).permissions).toEqual([{ group: { id: group.id, name: group.name }, permissions: ["ro", "note"] }]);
  });

  it("refuses a bad email or name, naming the field", async () => {
    const db = getDb();
    const admin = await testAdmin(db);
    const agent = await createAgent(db);
    await expect(updateAgent(db, admin, { id: agent.id, email: "nope" })).rejects.toMatchObject({ field: "email" });
    await expect(updateAgent(db, admin, { id: agent.id, name: "" })).rejects.toBeInstanceOf(InvalidInputError);
  });

  it("refuses an administrator invalidating or demoting themselves", async () => {
    const db = getDb();
    const admin = actorOf(await createAgent(db, { isAdmin: true }));
    await expect(updateAgent(db, admin, { id: admin.id, valid: false })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(updateAgent(db, admin, { id: admin.id, isAdmin: false })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await agentState(db, admin.id)).toMatchObject({ valid: true, isAdmin: true });
  });

  it("refuses non-administrators and unknown agents", async () => {
    const db = getDb();
    const agent = actorOf(await createAgent(db));
    const other = await createAgent(db);
    await expect(updateAgent(db, agent, { id: other.id, valid: false })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(updateAgent(db, agent, { id: agent.id, isAdmin: true })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await agentState(db, other.id)).toMatchObject({ valid: true });
    await expect(updateAgent(db, await testAdmin(db), { id: 999_999, name: "Nobody" })).rejects.toBeInstanceOf(NotFoundError);
  });
});
