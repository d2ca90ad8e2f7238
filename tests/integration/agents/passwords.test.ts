import { describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { changeOwnPassword } from "../../../server/agents/change-own-password";
import { resetAgentPassword } from "../../../server/agents/reset-agent-password";
import { findSessionAgent, verifyCredentials } from "../../../server/auth/session-agent";
import { ForbiddenError, InvalidInputError, NotFoundError } from "../../../server/errors";
import { agentState, auditRows } from "../../support/audit";
import { actorOf, createAgent, testAdmin } from "../../support/factories";
import { listen } from "../../support/listen";

describe("resetAgentPassword", () => {
  it("sets the password an administrator gives, ends the agent's sessions, audits without the password", async () => {
    const db = getDb();
    const admin = await testAdmin(db);
    const agent = await createAgent(db, { password: "the old password" });
    const notifications = await listen("helpdesk_agents");
    try {
      expect(await resetAgentPassword(db, admin, { id: agent.id, password: "a brand new one" })).toEqual({ generatedPassword: null, sessionVersion: 2 });
      expect(await notifications.next()).toBe(String(agent.id));
    } finally {
      await notifications.close();
    }
    expect(await verifyCredentials(db, agent.login, "the old password")).toBeNull();
    expect(await verifyCredentials(db, agent.login, "a brand new one")).not.toBeNull();
    expect(await findSessionAgent(db, agent.id, 1)).toBeNull();
    const rows = await auditRows(db, `agent:${agent.id}`);
    expect(rows).toEqual([{ actorId: admin.id, action: "agent.password_reset", details: { generated: false } }]);
    expect(JSON.stringify(rows)).not.toContain("brand new");
  });

  it("generates a password when none is given", async () => {
    const db = getDb();
    const agent = await createAgent(db);
    const { generatedPassword } = await resetAgentPassword(db, await testAdmin(db), { id: agent.id });
    expect(await verifyCredentials(db, agent.login, generatedPassword!)).not.toBeNull();
  });

  it("refuses a short password, non-administrators and unknown agents", async () => {
    const db = getDb();
    const agent = await createAgent(db, { password: "the old password" });
    await expect(resetAgentPassword(db, await testAdmin(db), { id: agent.id, password: "short" })).rejects.toMatchObject({ field: "password" });
    await expect(resetAgentPassword(db, actorOf(await createAgent(db)), { id: agent.id, password: "mallory's choice" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(resetAgentPassword(db, await testAdmin(db), { id: 999_999 })).rejects.toBeInstanceOf(NotFoundError);
    expect(await agentState(db, agent.id)).toMatchObject({ sessionVersion: 1 });
  });
});

describe("changeOwnPassword", () => {
  it("changes the password given the current one, raising session_version, audited as the agent's own act", async () => {
    const db = getDb();
    const agent = await createAgent(db, { password: "my current password" });
    expect(await changeOwnPassword(db, { agentId: agent.id, currentPassword: "my current password", newPassword: "my next password" })).toEqual({ sessionVersion: 2 });
    expect(await verifyCredentials(db, agent.login, "my next password")).toMatchObject({ sessionVersion: 2 });
    expect(await verifyCredentials(db, agent.login, "my current password")).toBeNull();
    expect(await auditRows(db, `agent:${agent.id}`)).toEqual([{ actorId: agent.id, action: "agent.password_change", details: null }]);
  });

  it.each([
    ["a wrong current password", { currentPassword: "not my password", newPassword: "my next password" }, "currentPassword"],
    ["the current password again", { currentPassword: "my current password", newPassword: "my current password" }, "newPassword"],
    ["a new password that is too short", { currentPassword: "my current password", newPassword: "short" }, "newPassword"],
  ])("refuses %s, naming the field and changing nothing", async (_case, passwords, field) => {
    const db = getDb();
    const agent = await createAgent(db, { password: "my current password" });
    const error = await changeOwnPassword(db, { agentId: agent.id, ...passwords }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe(field);
    expect(await agentState(db, agent.id)).toMatchObject({ sessionVersion: 1 });
    expect(await verifyCredentials(db, agent.login, "my current password")).not.toBeNull();
  });
});
