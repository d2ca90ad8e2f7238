import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { connect, getDb } from "../../../db/client";
import { articles, outbox, queues } from "../../../db/schema";
import { ForbiddenError, InvalidInputError, NotFoundError, TicketLockedError } from "../../../server/errors";
import { formatAddress } from "../../../server/mail/compose";
import type { OutboundMessage } from "../../../server/mail/queue-outbound-mail";
import { addTemplate } from "../../../server/templates/add-template";
import { lockTicket } from "../../../server/tickets/lock-ticket";
import { replyToTicket } from "../../../server/tickets/reply-to-ticket";
import { findReadableTicket } from "../../../server/tickets/get-ticket";
import { attemptBehindCommit } from "../../support/attempt-behind-commit";
import { historyOf } from "../../support/history";
import { recordingRelay } from "../../support/recording-relay";
import { createScene, type Scene } from "../../support/scene";

let scene: Scene;
beforeEach(async () => {
  scene = await createScene(getDb());
});

describe("replyToTicket", () => {
  it("locks an unlocked ticket to the replier, stores the article and queues its mail in one go", async () => {
    const alice = await scene.agent("rw");
    const ticket = await scene.ticket({ customer: { email: "bob@example.com", name: "Bob" }, title: "Printer on fire" });

    const article = await replyToTicket(scene.db, { actor: alice, number: ticket.number, body: "We are on our way." });

    expect(article).toMatchObject({
      kind: "email_out",
      from: formatAddress(scene.queue.address, scene.queue.name),
      to: "bob@example.com",
      subject: `[Ticket#${ticket.number}] Re: Printer on fire`,
      body: "We are on our way.",
      createdBy: { id: alice.id, login: alice.login, name: alice.name },
      attachments: [],
    });
    const after = await findReadableTicket(scene.db, alice, ticket.number);
    expect(after).toMatchObject({ lock: "locked", owner: { id: alice.id }, state: "open" });
    expect((await historyOf(scene.db, ticket.number)).slice(-3).map((row) => row.type)).toEqual(["Lock", "SendAnswer", "StateUpdate"]);

    const [queued] = await scene.db.select().from(outbox).where(eq(outbox.articleId, article.id));
    const message = queued!.message as OutboundMessage;
    expect(message).toMatchObject({ to: ["bob@example.com"], cc: [], subject: article.subject, text: "We are on our way.", from: article.from });
    const [stored] = await scene.db.select({ messageId: articles.messageId }).from(articles).where(eq(articles.id, article.id));
    expect(queued!.messageId).toBe(stored!.messageId);
    expect(queued).toMatchObject({ sentAt: null, attempts: 0 });
  });

  it("is refused while another agent holds the lock, and then nothing is stored or queued", async () => {
    const alice = await scene.agent("rw");
    const bob = await scene.agent("rw");
    const ticket = await scene.ticket();
    await lockTicket(scene.db, { actor: alice, number: ticket.number });

    await expect(replyToTicket(scene.db, { actor: bob, number: ticket.number, body: "Me too" })).rejects.toBeInstanceOf(TicketLockedError);

    const ticketArticles = await scene.db.select({ id: articles.id }).from(articles).where(eq(articles.ticketId, ticket.id));
    expect(ticketArticles).toHaveLength(1);
    expect(await scene.db.select().from(outbox).where(eq(outbox.ticketId, ticket.id))).toEqual([]);
  });

  it("sends to other recipients and cc when asked, with attachments, and sets the next state", async () => {
    const alice = await scene.agent("rw");
    const ticket = await scene.ticket();
    const until = new Date(Date.now() + 3_600_000);
    const article = await replyToTicket(scene.db, {
      actor: alice,
      number: ticket.number,
      body: "See attached.",
      subject: "Your invoice",
      to: ["accounts@example.com"],
      cc: ["boss@example.com"],
      attachments: [{ filename: "invoice.pdf", contentType: "application/pdf", content: Buffer.from("%PDF-1.4") }],
      state: "pending reminder",
      pendingUntil: until,
    });
    expect(article).toMatchObject({ to: "accounts@example.com", cc: "boss@example.com", subject: `[Ticket#${ticket.number}] Your invoice`, attachments: [{ filename: "invoice.pdf", contentType: "application/pdf", size: 8 }] });
    const [queued] = await scene.db.select().from(outbox).where(eq(outbox.articleId, article.id));
    expect((queued!.message as OutboundMessage).attachmentIds).toEqual([article.attachments[0]!.id]);
    expect(await findReadableTicket(scene.db, alice, ticket.number)).toMatchObject({ state: "pending reminder", pendingUntil: until.toISOString() });
  });

  it("answers with a template of the queue, filled in", async () => {
    const alice = await scene.agent("rw");
    const ticket = await scene.ticket({ customer: { email: "bob.baker@example.com", name: "Bob Baker" } });
    const { id } = await addTemplate(scene.db, { name: `Thanks ${ticket.number}`, body: "Hello {{customer.name}}, about [Ticket#{{ticket.number}}] — {{agent.name}}", queues: [scene.queue.id] });
    const { id: elsewhere } = await addTemplate(scene.db, { name: `Other ${ticket.number}`, body: "x", queues: [] });

    const article = await replyToTicket(scene.db, { actor: alice, number: ticket.number, templateId: id });
    expect(article.body).toBe(`Hello Bob Baker, about [Ticket#${ticket.number}] — ${alice.name}`);
    await expect(replyToTicket(scene.db, { actor: alice, number: ticket.number, templateId: elsewhere })).rejects.toMatchObject({ field: "templateId" });
  });

  it("refuses an empty body, a queue without address, and callers without rw", async () => {
    const alice = await scene.agent("rw");
    const noter = await scene.agent("ro", "note");
    const stranger = await scene.agent();
    const ticket = await scene.ticket();
    await expect(replyToTicket(scene.db, { actor: alice, number: ticket.number, body: "  " })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(replyToTicket(scene.db, { actor: noter, number: ticket.number, body: "x" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(replyToTicket(scene.db, { actor: stranger, number: ticket.number, body: "x" })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("answers to the customer's Reply-To, between the queue's salutation and signature", async () => {
    const alice = await scene.agent("rw");
    await scene.db.update(queues).set({ salutation: "Dear {{customer.name}},", signature: "--\n{{agent.name}}, {{queue.name}}" }).where(eq(queues.id, scene.queue.id));
    const ticket = await scene.ticket({ customer: { email: "sal@example.com", name: "Sally" } });
    await scene.db.insert(articles).values({ ticketId: ticket.id, kind: "email_in", senderType: "customer", fromAddress: "sal@example.com", replyTo: "Sally's Office <office@example.com>", subject: "Re: Re: Help", bodyText: "x", messageId: "<r1@example.com>" });
    const article = await replyToTicket(scene.db, { actor: alice, number: ticket.number, body: "It is fixed." });
    expect(article.to).toBe("office@example.com");
    expect(article.body).toBe(`Dear Sally,\n\nIt is fixed.\n\n--\n${alice.name}, ${scene.queue.name}`);
    const again = await replyToTicket(scene.db, { actor: alice, number: ticket.number, body: `Dear Sally,\n\nAlso this.\n\n--\n${alice.name}, ${scene.queue.name}` });
    expect(again.body.match(/Dear Sally/g)).toHaveLength(1);
  });

  it("answers the customer's last mail: In-Reply-To and References", async () => {
    const alice = await scene.agent("rw");
    const ticket = await scene.ticket();
    await scene.db.insert(articles).values({
      ticketId: ticket.id,
      kind: "email_in",
      senderType: "customer",
      fromAddress: "bob@example.com",
      subject: "Still burning",
      bodyText: "It is still burning.",
      messageId: "<second@mail.example.com>",
      references: "<first@mail.example.com>",
    });
    const article = await replyToTicket(scene.db, { actor: alice, number: ticket.number, body: "On it." });
    const [queued] = await scene.db.select().from(outbox).where(eq(outbox.articleId, article.id));
    expect(queued!.message).toMatchObject({ inReplyTo: "<second@mail.example.com>", references: ["<first@mail.example.com>", "<second@mail.example.com>"] });
  });

  it("answers a ticket locked to the replier in two round trips: the lock with the ids and the reads, the writes with the COMMIT", async () => {
    const alice = await scene.agent("rw");
    const ticket = await scene.ticket();
    await lockTicket(scene.db, { actor: alice, number: ticket.number });
    const relay = await recordingRelay();
    // One connection, warmed up, so that every statement is counted and each is prepared there.
    const db = connect(relay.url, { max: 1 });
    try {
      const attachments = [{ filename: "a.txt", contentType: "text/plain", content: Buffer.from("a") }];
      await replyToTicket(db, { actor: alice, number: ticket.number, body: "Warming up.", attachments });
      relay.reset();

      const article = await replyToTicket(db, { actor: alice, number: ticket.number, body: "Counted.", attachments });

      expect(relay.flights()).toBe(2);
      const [stored] = await scene.db.select({ createdAt: articles.createdAt, body: articles.bodyText }).from(articles).where(eq(articles.id, article.id));
      expect(stored!.body).toContain("Counted.");
      // The article's time, known before it was written, is the one stored.
      expect(article.createdAt).toBe(stored!.createdAt.toISOString());
      const [queued] = await scene.db.select().from(outbox).where(eq(outbox.articleId, article.id));
      expect((queued!.message as OutboundMessage).attachmentIds).toEqual(article.attachments.map((attachment) => attachment.id));
      expect((await historyOf(scene.db, ticket.number)).at(-1)).toMatchObject({ type: "SendAnswer", articleId: article.id });
    } finally {
      await db.$client.end({ timeout: 5 });
      relay.close();
    }
  });

  it("reads what it answers after taking the row lock: a customer mail committed while the reply waited is the one answered", async () => {
    const alice = await scene.agent("rw");
    const ticket = await scene.ticket({ customer: { email: "bob@example.com", name: "Bob" } });
    await lockTicket(scene.db, { actor: alice, number: ticket.number });
    const replier = connect(process.env.DATABASE_URL!, { max: 1, applicationName: "reply-behind-follow-up" });
    try {
      // Bob's follow-up, committed (with the row lock a follow-up takes) once the reply waits for that lock.
      const article = await attemptBehindCommit(
        "reply-behind-follow-up",
        async (tx) => {
          await tx`select id from tickets where id = ${ticket.id} for update`;
          await tx`insert into articles (ticket_id, kind, sender_type, from_address, subject, body_text, message_id)
            values (${ticket.id}, 'email_in', 'customer', 'bob@example.com', 'Still burning', 'It is still burning.', '<late@mail.example.com>')`;
        },
        () => replyToTicket(replier, { actor: alice, number: ticket.number, body: "On it." }),
      );

      expect(article).toMatchObject({ kind: "email_out" });
      const [queued] = await scene.db.select().from(outbox).where(eq(outbox.articleId, (article as { id: number }).id));
      expect(queued!.message).toMatchObject({ inReplyTo: "<late@mail.example.com>", references: ["<late@mail.example.com>"] });
    } finally {
      await replier.$client.end({ timeout: 5 });
    }
  });

  // A new ticket has its state set after the writes were sent; an open one has nothing left but the COMMIT.
  it.each([
    { state: "new", answeredBefore: false },
    { state: "open", answeredBefore: true },
  ])("rolls the whole reply back when a write sent with the COMMIT fails, and reports that write's error (ticket $state)", async ({ answeredBefore }) => {
    const alice = await scene.agent("rw");
    const ticket = await scene.ticket();
    if (answeredBefore) await replyToTicket(scene.db, { actor: alice, number: ticket.number, body: "First answer." });
    const before = await findReadableTicket(scene.db, alice, ticket.number);
    const articlesBefore = await scene.db.select({ id: articles.id }).from(articles).where(eq(articles.ticketId, ticket.id));
    const historyBefore = await historyOf(scene.db, ticket.number);
    const refuse = sql.raw(`outbox_refuses_${ticket.id}`);
    await scene.db.execute(sql`create function ${refuse}() returns trigger language plpgsql as $$ begin raise exception 'the outbox refuses this row'; end $$`);
    await scene.db.execute(sql`create trigger ${refuse} before insert on outbox for each row when (new.ticket_id = ${sql.raw(String(ticket.id))}) execute function ${refuse}()`);
    try {
      await expect(replyToTicket(scene.db, { actor: alice, number: ticket.number, body: "Lost?" })).rejects.toThrow(/the outbox refuses this row/);
    } finally {
      await scene.db.execute(sql`drop trigger ${refuse} on outbox`);
      await scene.db.execute(sql`drop function ${refuse}()`);
    }

    expect(await scene.db.select({ id: articles.id }).from(articles).where(eq(articles.ticketId, ticket.id))).toEqual(articlesBefore);
    expect(await findReadableTicket(scene.db, alice, ticket.number)).toEqual(before);
    expect(await historyOf(scene.db, ticket.number)).toEqual(historyBefore);
  });
});
