import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { ForbiddenError, InvalidInputError, TicketLockedError } from "../../../server/errors";
import { changePriority } from "../../../server/tickets/change-priority";
import { changeTitle } from "../../../server/tickets/change-title";
import { listTickets } from "../../../server/tickets/list-tickets";
import { lockTicket } from "../../../server/tickets/lock-ticket";
import { historyOf } from "../../support/history";
import { createScene, type Scene } from "../../support/scene";

let scene: Scene;
beforeEach(async () => {
  scene = await createScene(getDb());
});

describe("changePriority", () => {
  it("needs priority (rw implies it) and not another's lock", async () => {
    const prioritiser = await scene.agent("ro", "priority");
    const alice = await scene.agent("rw");
    const reader = await scene.agent("ro", "note");
    const ticket = await scene.ticket();
    expect(await changePriority(scene.db, { actor: prioritiser, number: ticket.number, priority: 5 })).toMatchObject({ priority: 5 });
    expect((await historyOf(scene.db, ticket.number)).at(-1)).toMatchObject({ type: "PriorityUpdate", name: "3 → 5", changes: ["priority"] });
    await expect(changePriority(scene.db, { actor: reader, number: ticket.number, priority: 1 })).rejects.toBeInstanceOf(ForbiddenError);
    await lockTicket(scene.db, { actor: alice, number: ticket.number });
    await expect(changePriority(scene.db, { actor: prioritiser, number: ticket.number, priority: 1 })).rejects.toBeInstanceOf(TicketLockedError);
    for (const priority of [0, 6, 2.5]) await expect(changePriority(scene.db, { actor: alice, number: ticket.number, priority })).rejects.toMatchObject({ field: "priority" });
  });
});

describe("changeTitle", () => {
  it("renames, keeps the new title searchable, and refuses empty or overlong titles", async () => {
    const alice = await scene.agent("rw");
    const ticket = await scene.ticket({ title: "Printer" });
    expect(await changeTitle(scene.db, { actor: alice, number: ticket.number, title: "  Laser   printer jammed " })).toMatchObject({ title: "Laser printer jammed" });
    expect((await historyOf(scene.db, ticket.number)).at(-1)).toMatchObject({ type: "TitleUpdate", changes: ["title"] });
    const found = await listTickets(scene.db, alice, { queue: scene.queue.id, q: "jammed" });
    expect(found.tickets.map((found) => found.number)).toEqual([ticket.number]);
    await expect(changeTitle(scene.db, { actor: alice, number: ticket.number, title: " " })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(changeTitle(scene.db, { actor: alice, number: ticket.number, title: "x".repeat(256) })).rejects.toMatchObject({ field: "title" });
  });
});
