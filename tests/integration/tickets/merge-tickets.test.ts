import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { articles, tickets } from "../../../db/schema";
import { ForbiddenError, InvalidInputError, NotFoundError, TicketLockedError } from "../../../server/errors";
import { getTicket } from "../../../server/tickets/get-ticket";
import { listTickets } from "../../../server/tickets/list-tickets";
import { lockTicket } from "../../../server/tickets/lock-ticket";
import { mergeTickets } from "../../../server/tickets/merge-tickets";
import { createGroup, createQueue, createTestTicket, grant } from "../../support/factories";
import { historyOf } from "../../support/history";
import { createScene, type Scene } from "../../support/scene";

let scene: Scene;
beforeEach(async () => {
  scene = await createScene(getDb());
});

describe("mergeTickets", () => {
  it("moves the articles to the target; the source becomes merged, unlocked, pointing at it", async () => {
    const alice = await scene.agent("rw");
    const source = await scene.ticket({ body: "zanzibar gearbox" });
    const target = await scene.ticket({ body: "first message" });
    await lockTicket(scene.db, { actor: alice, number: source.number });

    const merged = await mergeTickets(scene.db, { actor: alice, number: source.number, into: target.number });

    expect(merged.number).toBe(target.number);
    const targetArticles = (await getTicket(scene.db, alice, target.number)).articles.map((article) => article.body);
    expect(targetArticles.sort()).toEqual(["first message", "zanzibar gearbox"]);
    expect(await scene.db.select().from(articles).where(eq(articles.ticketId, source.id))).toEqual([]);
    const [row] = await scene.db.select({ state: tickets.state, lock: tickets.lock, mergedIntoId: tickets.mergedIntoId }).from(tickets).where(eq(tickets.id, source.id));
    expect(row).toEqual({ state: "merged", lock: "unlocked", mergedIntoId: target.id });
    expect((await historyOf(scene.db, source.number)).at(-1)).toMatchObject({ type: "Merged", changes: ["state", "lock"] });
    expect((await historyOf(scene.db, target.number)).at(-1)).toMatchObject({ type: "Merged", name: `${source.number} merged into this ticket` });
    const found = await listTickets(scene.db, alice, { q: "zanzibar", state: "all" });
    expect(found.tickets.map((ticket) => ticket.number)).toEqual([target.number]);
  });

  it("refuses merging into itself, into or from a merged ticket", async () => {
    const alice = await scene.agent("rw");
    const a = await scene.ticket();
    const b = await scene.ticket();
    const c = await scene.ticket();
    await expect(mergeTickets(scene.db, { actor: alice, number: a.number, into: a.number })).rejects.toMatchObject({ field: "into" });
    await mergeTickets(scene.db, { actor: alice, number: a.number, into: b.number });
    await expect(mergeTickets(scene.db, { actor: alice, number: c.number, into: a.number })).rejects.toMatchObject({ field: "into" });
    await expect(mergeTickets(scene.db, { actor: alice, number: a.number, into: c.number })).rejects.toBeInstanceOf(InvalidInputError);
  });

  it("needs rw on both tickets and the source's lock", async () => {
    const alice = await scene.agent("rw");
    const bob = await scene.agent("rw");
    const reader = await scene.agent("ro", "owner");
    const source = await scene.ticket();
    const target = await scene.ticket();
    await expect(mergeTickets(scene.db, { actor: reader, number: source.number, into: target.number })).rejects.toBeInstanceOf(ForbiddenError);
    await lockTicket(scene.db, { actor: alice, number: source.number });
    await expect(mergeTickets(scene.db, { actor: bob, number: source.number, into: target.number })).rejects.toBeInstanceOf(TicketLockedError);

    const elsewhere = await createGroup(scene.db);
    const hidden = await createTestTicket(scene.db, { queue: (await createQueue(scene.db, { group: elsewhere.name })).id });
    await expect(mergeTickets(scene.db, { actor: alice, number: source.number, into: hidden.number })).rejects.toBeInstanceOf(NotFoundError);
    await grant(scene.db, alice, elsewhere, "ro");
    await expect(mergeTickets(scene.db, { actor: alice, number: source.number, into: hidden.number })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(mergeTickets(scene.db, { actor: alice, number: source.number, into: "2026010110999999" })).rejects.toBeInstanceOf(NotFoundError);
  });
});
