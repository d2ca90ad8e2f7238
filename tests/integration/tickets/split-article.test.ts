import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { ticketLinks } from "../../../db/schema";
import { ForbiddenError, NotFoundError, TicketLockedError } from "../../../server/errors";
import { getTicket } from "../../../server/tickets/get-ticket";
import { listTickets } from "../../../server/tickets/list-tickets";
import { lockTicket } from "../../../server/tickets/lock-ticket";
import { replyToTicket } from "../../../server/tickets/reply-to-ticket";
import { splitArticle } from "../../../server/tickets/split-article";
import { createQueue } from "../../support/factories";
import { historyOf } from "../../support/history";
import { createScene, type Scene } from "../../support/scene";

let scene: Scene;
beforeEach(async () => {
  scene = await createScene(getDb());
});

describe("splitArticle", () => {
  it("copies an article with its attachments into a new linked ticket of the same customer", async () => {
    const alice = await scene.agent("rw");
    const source = await scene.ticket({ customer: { email: "split@example.com", name: "Split" }, priority: 4 });
    const reply = await replyToTicket(scene.db, { actor: alice, number: source.number, body: "Second question about the axolotl", attachments: [{ filename: "a.txt", contentType: "text/plain", content: Buffer.from("abc") }] });
    const other = await createQueue(scene.db, { group: scene.group.name });

    const split = await splitArticle(scene.db, { actor: alice, number: source.number, articleId: reply.id, queue: other.id, title: "Second question" });

    expect(split).toMatchObject({ title: "Second question", queue: { id: other.id }, state: "new", priority: 4, customer: { email: "split@example.com" } });
    const copied = (await getTicket(scene.db, alice, split.number)).articles;
    expect(copied).toEqual([expect.objectContaining({ body: "Second question about the axolotl", attachments: [expect.objectContaining({ filename: "a.txt", size: 3 })] })]);
    expect(copied[0]!.id).not.toBe(reply.id);
    expect((await getTicket(scene.db, alice, source.number)).articles.map((article) => article.id)).toContain(reply.id);
    expect(await scene.db.select({ target: ticketLinks.targetTicketId, kind: ticketLinks.kind }).from(ticketLinks).where(eq(ticketLinks.sourceTicketId, source.id))).toEqual([{ target: split.id, kind: "parent_child" }]);
    expect((await historyOf(scene.db, source.number)).at(-1)).toMatchObject({ type: "TicketLinkAdd", name: `split into ${split.number}` });
    expect((await historyOf(scene.db, split.number)).map((row) => row.type)).toEqual(["NewTicket", "Misc"]);
    const found = await listTickets(scene.db, alice, { q: "axolotl" });
    expect(found.tickets.map((ticket) => ticket.number).sort()).toEqual([source.number, split.number].sort());
  });

  it("refuses an article of another ticket, callers without rw, another's lock and a queue without create", async () => {
    const alice = await scene.agent("rw");
    const bob = await scene.agent("rw");
    const reader = await scene.agent("ro", "create");
    const source = await scene.ticket();
    const other = await scene.ticket();
    const [foreignArticle] = (await getTicket(scene.db, alice, other.number)).articles;
    const [ownArticle] = (await getTicket(scene.db, alice, source.number)).articles;
    await expect(splitArticle(scene.db, { actor: alice, number: source.number, articleId: foreignArticle!.id })).rejects.toBeInstanceOf(NotFoundError);
    await expect(splitArticle(scene.db, { actor: reader, number: source.number, articleId: ownArticle!.id })).rejects.toBeInstanceOf(ForbiddenError);
    await lockTicket(scene.db, { actor: alice, number: source.number });
    await expect(splitArticle(scene.db, { actor: bob, number: source.number, articleId: ownArticle!.id })).rejects.toBeInstanceOf(TicketLockedError);
    await expect(splitArticle(scene.db, { actor: alice, number: source.number, articleId: ownArticle!.id, queue: "Junk" })).rejects.toBeInstanceOf(NotFoundError);
  });
});
