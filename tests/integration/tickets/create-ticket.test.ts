import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { customers, outbox } from "../../../db/schema";
import { ForbiddenError, NotFoundError } from "../../../server/errors";
import { createTicket } from "../../../server/tickets/create-ticket";
import { getTicket } from "../../../server/tickets/get-ticket";
import { isValidTicketNumber } from "../../../server/tickets/ticket-number";
import { historyOf } from "../../support/history";
import { testAdmin } from "../../support/factories";
import { createScene, type Scene } from "../../support/scene";

let scene: Scene;
beforeEach(async () => {
  scene = await createScene(getDb());
});

describe("createTicket", () => {
  it("creates a phone ticket: new, unlocked, owned by its creator, with the customer's call as its article", async () => {
    const alice = await scene.agent("rw");
    const ticket = await createTicket(scene.db, { actor: alice, queue: scene.queue.name, title: " Printer on fire ", customer: { email: "Bob@Example.com", name: "Bob" }, body: "It burns.", priority: 4 });

    expect(isValidTicketNumber(ticket.number)).toBe(true);
    expect(ticket).toMatchObject({ title: "Printer on fire", queue: { id: scene.queue.id, name: scene.queue.name }, state: "new", lock: "unlocked", owner: { id: alice.id }, priority: 4, customer: { email: "bob@example.com", name: "Bob" }, version: 1, pendingUntil: null });
    const full = await getTicket(scene.db, alice, ticket.number);
    expect(full.articles).toEqual([expect.objectContaining({ kind: "phone", from: "Bob <bob@example.com>", subject: "Printer on fire", body: "It burns.", createdBy: expect.objectContaining({ id: alice.id }) })]);
    expect((await historyOf(scene.db, ticket.number)).map((row) => [row.type, row.changes])).toEqual([
      ["NewTicket", []],
      ["PhoneCallCustomer", []],
    ]);
  });

  it("creates an outgoing email ticket: open, and its mail queued with the article", async () => {
    const alice = await scene.agent("rw");
    const ticket = await createTicket(scene.db, { actor: alice, queue: scene.queue.id, title: "Your order", customer: { email: "carol@example.com" }, body: "It shipped.", kind: "email_out" });
    expect(ticket.state).toBe("open");
    const [queued] = await scene.db.select().from(outbox).where(eq(outbox.ticketId, ticket.id));
    expect(queued!.message).toMatchObject({ to: ["carol@example.com"], subject: `[Ticket#${ticket.number}] Your order`, text: "It shipped." });
    expect((await historyOf(scene.db, ticket.number)).map((row) => row.type)).toEqual(["NewTicket", "EmailCustomer"]);
  });

  it("knows a customer by address in any case, keeping their name", async () => {
    const alice = await scene.agent("rw");
    await createTicket(scene.db, { actor: alice, queue: scene.queue.id, title: "One", customer: { email: "dave@example.com", name: "Dave" }, body: "x" });
    const second = await createTicket(scene.db, { actor: alice, queue: scene.queue.id, title: "Two", customer: { email: "DAVE@example.com", name: "Someone Else" }, body: "x" });
    expect(second.customer).toEqual({ email: "dave@example.com", name: "Dave" });
    expect(await scene.db.select().from(customers).where(eq(customers.email, "dave@example.com"))).toHaveLength(1);
  });

  it("needs create: forbidden on a readable queue, not found on an unreadable one", async () => {
    const reader = await scene.agent("ro");
    const creator = await scene.agent("create");
    const stranger = await scene.agent();
    const input = { queue: scene.queue.id, title: "T", customer: { email: "e@example.com" }, body: "b" };
    await expect(createTicket(scene.db, { ...input, actor: reader })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createTicket(scene.db, { ...input, actor: stranger })).rejects.toBeInstanceOf(NotFoundError);
    await expect(createTicket(scene.db, { ...input, actor: creator })).resolves.toMatchObject({ state: "new" });
    await expect(createTicket(scene.db, { ...input, actor: creator, queue: "No such queue" })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("names the field of bad input", async () => {
    const alice = await scene.agent("rw");
    const input = { actor: alice, queue: scene.queue.id, title: "T", customer: { email: "e@example.com" }, body: "b" };
    await expect(createTicket(scene.db, { ...input, title: "  " })).rejects.toMatchObject({ field: "title" });
    await expect(createTicket(scene.db, { ...input, body: "" })).rejects.toMatchObject({ field: "body" });
    await expect(createTicket(scene.db, { ...input, priority: 7 })).rejects.toMatchObject({ field: "priority" });
    await expect(createTicket(scene.db, { ...input, customer: { email: "not an address" } })).rejects.toMatchObject({ field: "email" });
    // Junk has no system address, so nothing can be mailed from it.
    await expect(createTicket(scene.db, { ...input, actor: await testAdmin(scene.db), queue: "Junk", kind: "email_out" })).rejects.toMatchObject({ field: "queue" });
  });
});
