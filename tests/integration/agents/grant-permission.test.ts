import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { agentGroups } from "../../../db/schema";
import { grantPermission } from "../../../server/agents/grant-permission";
import { createAgent, createGroup } from "../../support/factories";
import { listen } from "../../support/listen";

describe("grantPermission", () => {
  it("stores the grant and tells the sidecars once, not again for a repeat", async () => {
    const db = getDb();
    const agent = await createAgent(db);
    const group = await createGroup(db);
    const notifications = await listen("helpdesk_agents");
    try {
      expect(await grantPermission(db, { login: agent.login, group: group.name, permission: "ro" })).toEqual({ granted: true });
      expect(await notifications.next()).toBe(String(agent.id));
      expect(await grantPermission(db, { login: agent.login.toUpperCase(), group: group.name.toUpperCase(), permission: "ro" })).toEqual({ granted: false });
      await grantPermission(db, { login: agent.login, group: group.name, permission: "note" });
      expect(await notifications.next()).toBe(String(agent.id));
      expect(notifications.received).toHaveLength(2);
    } finally {
      await notifications.close();
    }
    const rows = await db.select({ permission: agentGroups.permission }).from(agentGroups).where(eq(agentGroups.agentId, agent.id));
    expect(rows.map((row) => row.permission).sort()).toEqual(["note", "ro"]);
  });

  it("names the field it refuses", async () => {
    await expect(grantPermission(getDb(), { login: "x", group: "y", permission: "superuser" as "rw" })).rejects.toMatchObject({ field: "permission" });
  });
});
