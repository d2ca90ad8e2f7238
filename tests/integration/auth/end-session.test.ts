import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { endedSessions } from "../../../db/schema";
import { endSession } from "../../../server/auth/end-session";
import { findSessionAgent } from "../../../server/auth/session-agent";
import { createAgent } from "../../support/factories";

const inAnHour = () => new Date(Date.now() + 3_600_000);

describe("endSession", () => {
  it("refuses the signed-out session from then on, and only that session", async () => {
    const db = getDb();
    const agent = await createAgent(db);
    expect(await findSessionAgent(db, agent.id, 1, "session-a")).not.toBeNull();

    await endSession(db, { agentId: agent.id, sessionId: "session-a", expiresAt: inAnHour() });

    expect(await findSessionAgent(db, agent.id, 1, "session-a")).toBeNull();
    expect(await findSessionAgent(db, agent.id, 1, "session-b")).toMatchObject({ id: agent.id });
  });

  it("signing out twice is harmless", async () => {
    const db = getDb();
    const agent = await createAgent(db);
    await endSession(db, { agentId: agent.id, sessionId: "twice", expiresAt: inAnHour() });
    await endSession(db, { agentId: agent.id, sessionId: "twice", expiresAt: inAnHour() });
    expect(await findSessionAgent(db, agent.id, 1, "twice")).toBeNull();
  });

  it("forgets ended sessions once they would have expired anyway", async () => {
    const db = getDb();
    const agent = await createAgent(db);
    await endSession(db, { agentId: agent.id, sessionId: "long-gone", expiresAt: new Date(Date.now() - 1000) });
    await endSession(db, { agentId: agent.id, sessionId: "current", expiresAt: inAnHour() });
    const [remaining] = await db.select({ n: count() }).from(endedSessions).where(eq(endedSessions.sessionId, "long-gone"));
    expect(remaining!.n).toBe(0);
  });
});
