import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { groups, queues } from "../../../db/schema";
import { loadPermissionsOnQueue, loadQueuePermissions, readableQueueCondition } from "../../../server/auth/queue-permissions";
import { PERMISSIONS } from "../../../server/auth/permissions";
import { createAgent, createGroup, createQueue, grant } from "../../support/factories";

const sorted = (set: ReadonlySet<string> | undefined) => [...(set ?? [])].sort();

async function setup() {
  const db = getDb();
  const agent = await createAgent(db);
  const support = await createGroup(db);
  const sales = await createGroup(db);
  const supportQueue = await createQueue(db, { group: support.name });
  const supportSecond = await createQueue(db, { group: support.name });
  const salesQueue = await createQueue(db, { group: sales.name });
  return { db, agent, support, sales, supportQueue, supportSecond, salesQueue };
}

describe("loading an agent's permissions per queue", () => {
  it("gives every queue of a group the group's grants, expanding rw", async () => {
    const { db, agent, support, sales, supportQueue, supportSecond, salesQueue } = await setup();
    await grant(db, agent, support, "ro", "note");
    await grant(db, agent, sales, "rw");

    const permissions = await loadQueuePermissions(db, { id: agent.id, isAdmin: false });

    expect(sorted(permissions.get(supportQueue.id))).toEqual(["note", "ro"]);
    expect(sorted(permissions.get(supportSecond.id))).toEqual(["note", "ro"]);
    expect(sorted(permissions.get(salesQueue.id))).toEqual([...PERMISSIONS].sort());
    expect(sorted(await loadPermissionsOnQueue(db, { id: agent.id, isAdmin: false }, supportQueue.id))).toEqual(["note", "ro"]);
  });

  it("gives nothing on queues of groups the agent is not in, or of an invalid group", async () => {
    const { db, agent, support, salesQueue, supportQueue } = await setup();
    await grant(db, agent, support, "rw");
    await db.update(groups).set({ valid: false }).where(eq(groups.id, support.id));

    const permissions = await loadQueuePermissions(db, { id: agent.id, isAdmin: false });

    expect(permissions.has(salesQueue.id)).toBe(false);
    expect(permissions.has(supportQueue.id)).toBe(false);
    expect(sorted(await loadPermissionsOnQueue(db, { id: agent.id, isAdmin: false }, supportQueue.id))).toEqual([]);
  });

  it("gives admins everything on every queue", async () => {
    const { db, salesQueue } = await setup();
    const admin = await createAgent(db, { isAdmin: true });
    const permissions = await loadQueuePermissions(db, { id: admin.id, isAdmin: true });
    const allQueues = await db.select({ id: queues.id }).from(queues);
    expect([...permissions.keys()].sort()).toEqual(allQueues.map((queue) => queue.id).sort());
    expect(sorted(permissions.get(salesQueue.id))).toEqual([...PERMISSIONS].sort());
  });

  it("counts a queue readable with ro or rw only", async () => {
    const { db, agent, support, sales, supportQueue, supportSecond, salesQueue } = await setup();
    await grant(db, agent, support, "move_into", "create", "note", "owner", "priority");
    const readable = async () =>
      (await db.select({ id: queues.id }).from(queues).where(readableQueueCondition({ id: agent.id, isAdmin: false })).orderBy(queues.id)).map((queue) => queue.id);
    expect(await readable()).toEqual([]);
    await grant(db, agent, support, "ro");
    expect(await readable()).toEqual([supportQueue.id, supportSecond.id]);
    await grant(db, agent, sales, "rw");
    expect(await readable()).toEqual([supportQueue.id, supportSecond.id, salesQueue.id]);
  });
});
