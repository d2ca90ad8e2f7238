import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { agents } from "../../../db/schema";
import { invalidateAgent } from "../../../server/agents/invalidate-agent";
import { createAgent } from "../../support/factories";
import { listen } from "../../support/listen";

describe("invalidateAgent", () => {
  it("disables the agent, raises session_version and tells the sidecars", async () => {
    const db = getDb();
    const agent = await createAgent(db);
    const notifications = await listen("helpdesk_agents");
    try {
      await invalidateAgent(db, agent.id);
      expect(await notifications.next()).toBe(String(agent.id));
    } finally {
      await notifications.close();
    }
    const [row] = await db.select({ valid: agents.valid, sessionVersion: agents.sessionVersion }).from(agents).where(eq(agents.id, agent.id));
    expect(row).toEqual({ valid: false, sessionVersion: 2 });
  });

  it("refuses an unknown agent", async () => {
    await expect(invalidateAgent(getDb(), 999_999)).rejects.toThrow("not found");
  });
});

