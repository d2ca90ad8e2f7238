import { describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { getAgent } from "../../../server/agents/get-agent";
import { setAgentPermissions } from "../../../server/agents/set-agent-permissions";
import { loadPermissionsOnQueue } from "../../../server/auth/queue-permissions";
import { ForbiddenError, InvalidInputError, NotFoundError } from "../../../server/errors";
import { auditRows } from "../../support/audit";
import { actorOf, createAgent, createGroup, createQueue, grant, testAdmin } from "../../support/factories";
import { listen } from "../../support/listen";

describe("setAgentPermissions", () => {
  it("replaces the agent's permission types on a group in one go, audited with before and after", async () => {
    const db = getDb();
    const admin = await testAdmin(db);
    const agent = await createAgent(db);
    const group = await createGroup(db);
    const queue = await createQueue(db, { group: group.name });
    await grant(db, agent, group, "ro", "owner");
    const notifications = await listen("helpdesk_agents");
    try {
      expect(await setAgentPermissions(db, admin, { agentId: agent.id, group: group.id, permissions: ["note", "ro", "note"] })).toEqual({ changed: true, permissions: ["ro", "note"] });
      expect(await notifications.next()).toBe(String(agent.id));
    } finally {
      await notifications.close();
    }
    expect([...(await loadPermissionsOnQueue(db, actorOf(agent), queue.id))].sort()).toEqual(["note", "ro"]);
    expect(await auditRows(db, `agent:${agent.id}`)).toEqual([
      { actorId: admin.id, action: "agent.permissions", details: { group: group.name, groupId: group.id, before: ["ro", "owner"], after: ["ro", "note"] } },
    ]);
  });

  it("takes everything away with an empty list, and writes nothing when the set is unchanged", async () => {
    const db = getDb();
    const admin = await testAdmin(db);
    const agent = await createAgent(db);
    const group = await createGroup(db);
    await grant(db, agent, group, "rw");
    expect(await setAgentPermissions(db, admin, { agentId: agent.id, group: group.name, permissions: ["rw"] })).toMatchObject({ changed: false });
    expect(await auditRows(db, `agent:${agent.id}`)).toEqual([]);
    await setAgentPermissions(db, admin, { agentId: agent.id, group: group.id, permissions: [] });
    expect((await getAgent(db, agent.id)).permissions).toEqual([]);
  });

  it("refuses an unknown permission type naming the field, unknown agents and groups, and non-administrators", async () => {
    const db = getDb();
    const admin = await testAdmin(db);
    const agent = await createAgent(db);
    const group = await createGroup(db);
    const error = await setAgentPermissions(db, admin, { agentId: agent.id, group: group.id, permissions: ["superuser" as "rw"] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe("permissions.0");
    await expect(setAgentPermissions(db, admin, { agentId: 999_999, group: group.id, permissions: ["ro"] })).rejects.toBeInstanceOf(NotFoundError);
    await expect(setAgentPermissions(db, admin, { agentId: agent.id, group: "no such group", permissions: ["ro"] })).rejects.toBeInstanceOf(NotFoundError);
    await expect(setAgentPermissions(db, actorOf(agent), { agentId: agent.id, group: group.id, permissions: ["rw"] })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await getAgent(db, agent.id)).permissions).toEqual([]);
  });
});
