import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, getDb, type Database } from "../../../db/client";
import { autoClosePendingTickets } from "../../../server/jobs/auto-close-pending-tickets";
import { changeState } from "../../../server/tickets/change-state";
import { findReadableTicket } from "../../../server/tickets/get-ticket";
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

describe("autoClosePendingTickets", () => {
  it("closes auto close+ as successful and auto close- as unsuccessful when due, ending the lock, once", async () => {
    const alice = await scene.agent("rw");
    const due = new Date(Date.now() + 60_000);
    const plus = await scene.ticket();
    await lockTicket(scene.db, { actor: alice, number: plus.number });
    await changeState(scene.db, { actor: alice, number: plus.number, state: "pending auto close+", pendingUntil: due });
    const minus = await scene.ticket();
    await changeState(scene.db, { actor: alice, number: minus.number, state: "pending auto close-", pendingUntil: due });
    const notDue = await scene.ticket();
    await changeState(scene.db, { actor: alice, number: notDue.number, state: "pending auto close+", pendingUntil: new Date(Date.now() + 3_600_000) });
    const reminder = await scene.ticket();
    await changeState(scene.db, { actor: alice, number: reminder.number, state: "pending reminder", pendingUntil: due });

    const when = new Date(due.getTime() + 1_000);
    const counts = await Promise.all(runners.map((db) => autoClosePendingTickets(db, when)));
    expect(counts.reduce((a, b) => a + b)).toBe(2);

    expect(await findReadableTicket(scene.db, alice, plus.number)).toMatchObject({ state: "closed successful", lock: "unlocked", pendingUntil: null });
    expect(await findReadableTicket(scene.db, alice, minus.number)).toMatchObject({ state: "closed unsuccessful", pendingUntil: null });
    expect((await findReadableTicket(scene.db, alice, notDue.number)).state).toBe("pending auto close+");
    expect((await findReadableTicket(scene.db, alice, reminder.number)).state).toBe("pending reminder");
    expect((await historyOf(scene.db, plus.number)).at(-1)).toMatchObject({ type: "StateUpdate", actorId: null, changes: ["state", "lock"] });
    expect((await historyOf(scene.db, minus.number)).at(-1)).toMatchObject({ type: "StateUpdate", actorId: null, changes: ["state"] });
  });
});
