import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, getDb, type Database } from "../../../db/client";
import { queues, tickets } from "../../../db/schema";
import { unlockExpiredLocks } from "../../../server/jobs/unlock-expired-locks";
import { addNote } from "../../../server/tickets/add-note";
import { changeState } from "../../../server/tickets/change-state";
import { lockTicket } from "../../../server/tickets/lock-ticket";
import { historyOf } from "../../support/history";
import { createScene, type Scene } from "../../support/scene";

let scene: Scene;
const runners: Database[] = [];

beforeAll(async () => {
  scene = await createScene(getDb());
  await scene.db.update(queues).set({ unlockTimeoutMinutes: 10 }).where(eq(queues.id, scene.queue.id));
  runners.push(connect(process.env.DATABASE_URL!, { max: 1 }), connect(process.env.DATABASE_URL!, { max: 1 }));
});

afterAll(async () => {
  await Promise.all(runners.map((db) => db.$client.end()));
});

async function lockedTicket(minutesIdle: number) {
  const alice = await scene.agent("rw");
  const ticket = await scene.ticket();
  await lockTicket(scene.db, { actor: alice, number: ticket.number });
  await scene.db.update(tickets).set({ ownerActivityAt: sql`now() - ${minutesIdle} * interval '1 minute'` }).where(eq(tickets.id, ticket.id));
  return { alice, ticket };
}

describe("unlockExpiredLocks", () => {
  it("ends locks idle past the queue's timeout, once, even with two runners at the same time", async () => {
    const expired = await Promise.all([lockedTicket(11), lockedTicket(30), lockedTicket(60)]);
    const fresh = await lockedTicket(5);

    const [first, second] = await Promise.all(runners.map((db) => unlockExpiredLocks(db)));

    expect(first! + second!).toBe(3);
    for (const { alice, ticket } of expired) {
      const history = await historyOf(scene.db, ticket.number);
      const timeouts = history.filter((row) => row.type === "LockTimeout");
      expect(timeouts).toHaveLength(1);
      expect(timeouts[0]).toMatchObject({ actorId: null, lock: "unlocked", ownerId: alice.id, changes: ["lock"] });
      expect(timeouts[0]!.data).toEqual({ notifications: [expect.objectContaining({ agentId: alice.id, kind: "lock_timeout" })] });
    }
    const [stillLocked] = await scene.db.select({ lock: tickets.lock }).from(tickets).where(eq(tickets.id, fresh.ticket.id));
    expect(stillLocked!.lock).toBe("locked");
    expect(await unlockExpiredLocks(scene.db)).toBe(0);
  });

  it("counts the owner's activity, leaves queues without a timeout and pending tickets alone", async () => {
    const active = await lockedTicket(30);
    await addNote(scene.db, { actor: active.alice, number: active.ticket.number, body: "still on it" });

    const pending = await lockedTicket(0);
    await changeState(scene.db, { actor: pending.alice, number: pending.ticket.number, state: "pending reminder", pendingUntil: new Date(Date.now() + 86_400_000) });
    await scene.db.update(tickets).set({ ownerActivityAt: sql`now() - interval '1 day'` }).where(eq(tickets.id, pending.ticket.id));

    const noTimeout = await lockedTicket(0);
    await scene.db.update(tickets).set({ queueId: (await scene.db.select({ id: queues.id }).from(queues).where(eq(queues.name, "Raw")))[0]!.id, ownerActivityAt: sql`now() - interval '1 day'` }).where(eq(tickets.id, noTimeout.ticket.id));

    expect(await unlockExpiredLocks(scene.db)).toBe(0);
  });
});
