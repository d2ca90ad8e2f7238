import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, getDb, type Database } from "../../../db/client";
import { tickets } from "../../../db/schema";
import { remindPendingTickets } from "../../../server/jobs/remind-pending-tickets";
import { changeState } from "../../../server/tickets/change-state";
import { lockTicket } from "../../../server/tickets/lock-ticket";
import { historyOf } from "../../support/history";
import { createScene, type Scene } from "../../support/scene";

let scene: Scene;
const runners: Database[] = [];
beforeAll(async () => {
  scene = await createScene(getDb());
  runners.push(connect(process.env.DATABASE_URL!, { max: 1 }), connect(process.env.DATABASE_URL!, { max: 1 }));
});
afterAll(async () => {
  await Promise.all(runners.map((db) => db.$client.end()));
});

describe("remindPendingTickets", () => {
  it("tells the owner once when the reminder time is reached, and again after the time changes", async () => {
    const alice = await scene.agent("rw");
    const ticket = await scene.ticket();
    await lockTicket(scene.db, { actor: alice, number: ticket.number });
    const soon = new Date(Date.now() + 60_000);
    await changeState(scene.db, { actor: alice, number: ticket.number, state: "pending reminder", pendingUntil: soon });
    const notYet = await scene.ticket();
    await changeState(scene.db, { actor: alice, number: notYet.number, state: "pending reminder", pendingUntil: new Date(Date.now() + 3_600_000) });

    const later = new Date(soon.getTime() + 1_000);
    const counts = await Promise.all(runners.map((db) => remindPendingTickets(db, later)));
    expect(counts.reduce((a, b) => a + b)).toBe(1);
    expect(await remindPendingTickets(scene.db, later)).toBe(0);

    const reminders = (await historyOf(scene.db, ticket.number)).filter((row) => row.type === "ReminderReached");
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.data).toEqual({ notifications: [expect.objectContaining({ agentId: alice.id, kind: "reminder" })] });

    await changeState(scene.db, { actor: alice, number: ticket.number, pendingUntil: new Date(soon.getTime() + 30_000) });
    const [row] = await scene.db.select({ reminderSentAt: tickets.reminderSentAt }).from(tickets).where(eq(tickets.id, ticket.id));
    expect(row!.reminderSentAt).toBeNull();
    expect(await remindPendingTickets(scene.db, new Date(soon.getTime() + 60_000))).toBe(1);
  });
});
