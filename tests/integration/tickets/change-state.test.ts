import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { ForbiddenError, InvalidInputError, TicketLockedError } from "../../../server/errors";
import { changeState } from "../../../server/tickets/change-state";
import { lockTicket } from "../../../server/tickets/lock-ticket";
import { historyOf } from "../../support/history";
import { createScene, type Scene } from "../../support/scene";

let scene: Scene;
beforeEach(async () => {
  scene = await createScene(getDb());
});

const inAnHour = () => new Date(Date.now() + 3_600_000);

describe("changeState", () => {
  it("closes successful or unsuccessful, ending the lock and keeping the owner", async () => {
    const alice = await scene.agent("rw");
    for (const state of ["closed successful", "closed unsuccessful"]) {
      const ticket = await scene.ticket();
      await lockTicket(scene.db, { actor: alice, number: ticket.number });
      const closed = await changeState(scene.db, { actor: alice, number: ticket.number, state });
      expect(closed).toMatchObject({ state, lock: "unlocked", owner: { id: alice.id }, pendingUntil: null });
      expect((await historyOf(scene.db, ticket.number)).at(-1)).toMatchObject({ type: "StateUpdate", changes: ["state", "lock"], name: `new → ${state}` });
    }
  });

  it("sets pending states with their time, and needs the time", async () => {
    const alice = await scene.agent("rw");
    const ticket = await scene.ticket();
    await expect(changeState(scene.db, { actor: alice, number: ticket.number, state: "pending reminder" })).rejects.toMatchObject({ field: "pendingUntil" });
    const until = inAnHour();
    const pending = await changeState(scene.db, { actor: alice, number: ticket.number, state: "pending auto close-", pendingUntil: until });
    expect(pending).toMatchObject({ state: "pending auto close-", pendingUntil: until.toISOString() });
    expect((await historyOf(scene.db, ticket.number)).slice(-2).map((row) => row.type)).toEqual(["StateUpdate", "SetPendingTime"]);

    const later = new Date(until.getTime() + 60_000);
    expect(await changeState(scene.db, { actor: alice, number: ticket.number, pendingUntil: later })).toMatchObject({ state: "pending auto close-", pendingUntil: later.toISOString() });
    expect((await changeState(scene.db, { actor: alice, number: ticket.number, state: "open" })).pendingUntil).toBeNull();
  });

  it("refuses unknown states, new, merged, and a pending time on a non-pending state", async () => {
    const alice = await scene.agent("rw");
    const ticket = await scene.ticket();
    await changeState(scene.db, { actor: alice, number: ticket.number, state: "open" });
    for (const state of ["resolved", "new", "merged"]) {
      await expect(changeState(scene.db, { actor: alice, number: ticket.number, state })).rejects.toBeInstanceOf(InvalidInputError);
    }
    await expect(changeState(scene.db, { actor: alice, number: ticket.number, state: "closed successful", pendingUntil: inAnHour() })).rejects.toMatchObject({ field: "pendingUntil" });
  });

  it("needs rw and the lock", async () => {
    const alice = await scene.agent("rw");
    const bob = await scene.agent("rw");
    const reader = await scene.agent("ro", "owner", "note", "priority");
    const ticket = await scene.ticket();
    await expect(changeState(scene.db, { actor: reader, number: ticket.number, state: "open" })).rejects.toBeInstanceOf(ForbiddenError);
    await lockTicket(scene.db, { actor: alice, number: ticket.number });
    await expect(changeState(scene.db, { actor: bob, number: ticket.number, state: "closed successful" })).rejects.toBeInstanceOf(TicketLockedError);
    await expect(changeState(scene.db, { actor: bob, number: ticket.number, pendingUntil: inAnHour() })).rejects.toBeInstanceOf(TicketLockedError);
  });
});
