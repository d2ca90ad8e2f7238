import { describe, expect, it } from "vitest";
import { GET } from "../../../../app/api/v1/queues/route";
import { getDb } from "../../../../db/client";
import { invalidateAgent } from "../../../../server/agents/invalidate-agent";
import { createAgent, createGroup, createQueue, createToken, grant } from "../../../support/factories";

const call = (headers: Record<string, string> = {}) => GET(new Request("http://localhost/api/v1/queues", { headers }), { params: Promise.resolve({}) });

describe("GET /api/v1/queues", () => {
  it("lists the caller's readable queues for a valid bearer token", async () => {
    const db = getDb();
    const agent = await createAgent(db);
    const group = await createGroup(db);
    const queue = await createQueue(db, { group: group.name, name: "Support", address: "support@example.com" });
    await grant(db, agent, group, "ro");

    const response = await call({ authorization: `Bearer ${await createToken(db, agent)}` });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([{ id: queue.id, name: "Support", address: "support@example.com", counts: { new: 0, open: 0, pending: 0, locked: 0 } }]);
  });

  it.each([
    ["a bad token", "Bearer hd_not-a-real-token"],
    ["a token without the Bearer scheme", "hd_abc"],
    ["another scheme", "Basic YWRtaW46YWRtaW4="],
    ["an empty bearer", "Bearer "],
  ])("answers 401 unauthenticated for %s", async (_case, authorization) => {
    const response = await call({ authorization });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { code: "unauthenticated", message: expect.any(String) } });
  });

  it("answers 401 for a token whose agent has been disabled", async () => {
    const db = getDb();
    const agent = await createAgent(db);
    const token = await createToken(db, agent);
    await invalidateAgent(db, agent.id);
    expect((await call({ authorization: `Bearer ${token}` })).status).toBe(401);
  });
});
