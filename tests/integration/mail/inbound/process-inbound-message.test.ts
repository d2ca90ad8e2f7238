import { desc, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { connect, getDb } from "../../../../db/client";
import { agents, articles, notifications, outbox, tickets } from "../../../../db/schema";
import { processInboundMessage } from "../../../../server/mail/inbound/process-inbound-message";
import { storeInboundMessage } from "../../../../server/mail/inbound/store-inbound-message";
import { getTicket } from "../../../../server/tickets/get-ticket";
import { listTickets } from "../../../../server/tickets/list-tickets";
import { replyToTicket } from "../../../../server/tickets/reply-to-ticket";
import { buildMail, deliver, inboundRow, newMessageId } from "../../../support/mail";
import { enableAutoResponses } from "../../../support/auto-responses";
import { historyTypes } from "../../../support/history";
import { recordingRelay } from "../../../support/recording-relay";
import { createScene, type Scene } from "../../../support/scene";

let scene: Scene;
beforeEach(async () => {
  scene = await createScene(getDb());
});

async function ticketOf(ticketId: number) {
  const [ticket] = await scene.db.select().from(tickets).where(eq(tickets.id, ticketId));
  return ticket!;
}

describe("processing an inbound message", () => {
  it("opens a ticket in the queue of the address it was sent to, from the customer", async () => {
    const result = await deliver(scene.db, buildMail({ to: `Support <${scene.queue.address.toUpperCase()}>`, subject: "Printer on fire" }));
    expect(result).toMatchObject({ status: "processed", outcome: "new_ticket" });
    const ticket = await ticketOf(result.status === "processed" ? result.ticketId! : 0);
    expect(ticket).toMatchObject({ queueId: scene.queue.id, title: "Printer on fire", state: "new", lock: "unlocked", ownerId: null });
    const alice = await scene.agent("rw");
    const full = await getTicket(scene.db, alice, ticket.number);
    expect(full.customer).toEqual({ email: "bob@customer.example", name: "Bob Baker" });
    expect(full.articles).toEqual([expect.objectContaining({ kind: "email_in", from: "Bob Baker <bob@customer.example>", subject: "Printer on fire", body: expect.stringContaining("room 4") })]);
    expect(await historyTypes(scene.db, ticket.number)).toEqual(["NewTicket", "EmailCustomer"]);
    expect((await inboundRow(scene.db, result.id)).status).toBe("processed");
  });

  it("prefers the envelope recipient, and sends the rest to Raw", async () => {
    const byEnvelope = await deliver(scene.db, buildMail({ to: "someone@else.example" }), { mailFrom: "bob@customer.example", rcptTo: [scene.queue.address] });
    expect((await ticketOf(byEnvelope.status === "processed" ? byEnvelope.ticketId! : 0)).queueId).toBe(scene.queue.id);
    const unclaimed = await deliver(scene.db, buildMail({ to: "nobody@else.example" }));
    const raw = await scene.db.query.queues.findFirst({ where: (queues, { eq: equals }) => equals(queues.name, "Raw") });
    expect((await ticketOf(unclaimed.status === "processed" ? unclaimed.ticketId! : 0)).queueId).toBe(raw!.id);
  });

  it("joins a reply to its ticket by the subject's number, and by In-Reply-To", async () => {
    const alice = await scene.agent("rw");
    const first = await deliver(scene.db, buildMail({ to: scene.queue.address }));
    const ticket = await ticketOf(first.status === "processed" ? first.ticketId! : 0);
    const answer = await replyToTicket(scene.db, { actor: alice, number: ticket.number, body: "Which room?" });
    const [answerRow] = await scene.db.select({ messageId: articles.messageId }).from(articles).where(eq(articles.id, answer.id));

    const bySubject = await deliver(scene.db, buildMail({ to: scene.queue.address, subject: `Re: [Ticket#${ticket.number}] Printer on fire`, text: "Room 4" }));
    expect(bySubject).toMatchObject({ outcome: "follow_up", ticketId: ticket.id });
    const byHeader = await deliver(scene.db, buildMail({ to: scene.queue.address, subject: "Re: something else", inReplyTo: answerRow!.messageId! }));
    expect(byHeader).toMatchObject({ outcome: "follow_up", ticketId: ticket.id });
    expect((await ticketOf(ticket.id)).state).toBe("open");
  });

  it("makes a new ticket's mail and every follow-up's words findable", async () => {
    const alice = await scene.agent("rw");
    const first = await deliver(scene.db, buildMail({ to: scene.queue.address, subject: "Capybara sighting", text: "Seen near the pond." }));
    const ticket = await ticketOf(first.status === "processed" ? first.ticketId! : 0);
    await deliver(scene.db, buildMail({ to: scene.queue.address, subject: `Re: [Ticket#${ticket.number}] Capybara sighting`, text: "Now it sits on the platypus." }));
    const found = async (q: string) => (await listTickets(scene.db, alice, { q, state: "all" })).tickets.map((row) => row.number);
    expect(await found("capybara pond")).toEqual([ticket.number]);
    expect(await found("platypus")).toEqual([ticket.number]);
  });

  it("is one article when the same message is delivered twice; without a Message-ID never a duplicate", async () => {
    const raw = buildMail({ to: scene.queue.address, messageId: newMessageId() });
    const first = await deliver(scene.db, raw);
    const again = await deliver(scene.db, Buffer.concat([Buffer.from("Received: from relay2\r\n"), raw]));
    expect(again).toMatchObject({ status: "processed", outcome: "duplicate" });
    expect((await inboundRow(scene.db, again.id)).status).toBe("duplicate");
    const ticketId = first.status === "processed" ? first.ticketId! : 0;
    expect(await scene.db.select().from(articles).where(eq(articles.ticketId, ticketId))).toHaveLength(1);

    const anonymous = buildMail({ to: scene.queue.address, messageId: null, subject: "No id" });
    const one = await deliver(scene.db, anonymous);
    const two = await deliver(scene.db, anonymous);
    expect([one, two].map((result) => (result.status === "processed" ? result.outcome : result.status))).toEqual(["new_ticket", "new_ticket"]);
  });

  it("answers a new ticket with the queue's auto reply, never an automatic message", async () => {
    const raw = await scene.db.query.queues.findFirst({ where: (queues, { eq: equals }) => equals(queues.name, "Raw") });
    const human = await deliver(scene.db, buildMail({ to: raw!.systemAddress! }));
    const robot = await deliver(scene.db, buildMail({ to: raw!.systemAddress!, headers: { "Auto-Submitted": "auto-replied" } }));
    const autoMails = async (ticketId: number) => (await scene.db.select({ kind: outbox.kind, to: outbox.recipient }).from(outbox).where(eq(outbox.ticketId, ticketId))).filter((row) => row.kind.startsWith("auto"));
    expect(await autoMails(human.status === "processed" ? human.ticketId! : 0)).toEqual([{ kind: "auto_reply", to: "bob@customer.example" }]);
    expect(await autoMails(robot.status === "processed" ? robot.ticketId! : 0)).toEqual([]);
  });

  it("files a new ticket, its notification and its auto reply in seven round trips to the database", async () => {
    await enableAutoResponses(scene.db, scene.queue.id);
    const alice = await scene.agent("rw");
    const [aliceEmail] = await scene.db.select({ email: agents.email }).from(agents).where(eq(agents.id, alice.id));
    const relay = await recordingRelay();
    // One connection, so that every statement is counted; warmed up, so that each is prepared there.
    const db = connect(relay.url, { max: 1 });
    try {
      // Stored, then filed with its bytes in hand, as the mail workers do.
      const stored = async (raw: Buffer) => ({ raw, id: (await storeInboundMessage(scene.db, { raw, source: "smtp", envelope: { mailFrom: null, rcptTo: [] } })).id });
      const warmUp = await stored(buildMail({ to: scene.queue.address }));
      await processInboundMessage(db, warmUp.id, { raw: warmUp.raw });
      const counted = await stored(buildMail({ to: scene.queue.address, subject: "Counted" }));
      relay.reset();

      const result = await processInboundMessage(db, counted.id, { raw: counted.raw });

      // The message with the routing; the ticket number; BEGIN with the locks and the look for a copy;
      // the ticket with its customer, article and what is read of the queue; what is read of the
      // ticket; the notifications and the auto reply; marked processed, history and COMMIT.
      expect(relay.flights()).toBe(7);
      expect(result).toMatchObject({ status: "processed", outcome: "new_ticket" });
      const ticketId = result.status === "processed" ? result.ticketId! : 0;
      const mails = await scene.db.select({ kind: outbox.kind, to: outbox.recipient, articleId: outbox.articleId }).from(outbox).where(eq(outbox.ticketId, ticketId)).orderBy(outbox.id);
      const [, autoReply] = await scene.db.select({ id: articles.id, subject: articles.subject }).from(articles).where(eq(articles.ticketId, ticketId)).orderBy(articles.id);
      expect(mails).toEqual([
        { kind: "notification", to: aliceEmail!.email.toLowerCase(), articleId: null },
        { kind: "auto_reply", to: "bob@customer.example", articleId: autoReply!.id },
      ]);
      expect(autoReply!.subject).toContain("auto reply: Counted");
      expect(await scene.db.select({ agentId: notifications.agentId }).from(notifications).where(eq(notifications.ticketId, ticketId))).toEqual([{ agentId: alice.id }]);
      expect(await historyTypes(scene.db, (await ticketOf(ticketId)).number)).toEqual(["NewTicket", "EmailCustomer", "SendAutoReply"]);
    } finally {
      await db.$client.end({ timeout: 5 });
      relay.close();
    }
  });

  it("sends spam-flagged mail to Junk, which answers nobody", async () => {
    const result = await deliver(scene.db, buildMail({ to: scene.queue.address, headers: { "X-Spam-Flag": "YES" } }));
    const ticket = await ticketOf(result.status === "processed" ? result.ticketId! : 0);
    const junk = await scene.db.query.queues.findFirst({ where: (queues, { eq: equals }) => equals(queues.name, "Junk") });
    expect(ticket.queueId).toBe(junk!.id);
    const autoMails = (await scene.db.select({ kind: outbox.kind }).from(outbox).where(eq(outbox.ticketId, ticket.id))).filter((row) => row.kind.startsWith("auto"));
    expect(autoMails).toEqual([]);
  });

  it("attaches a bounce of a sent answer to its ticket as a system article, opening nothing and answering nothing", async () => {
    const alice = await scene.agent("rw");
    const first = await deliver(scene.db, buildMail({ to: scene.queue.address }));
    const ticket = await ticketOf(first.status === "processed" ? first.ticketId! : 0);
    const answer = await replyToTicket(scene.db, { actor: alice, number: ticket.number, body: "Here you go." });
    const [sent] = await scene.db.select({ messageId: articles.messageId }).from(articles).where(eq(articles.id, answer.id));
    const boundary = "bounce-boundary";
    const bounce = Buffer.from(
      [
        "From: MAILER-DAEMON@relay.example",
        `To: ${scene.queue.address}`,
        "Subject: Undelivered Mail Returned to Sender",
        "Message-ID: <bounce-1@relay.example>",
        "MIME-Version: 1.0",
        `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
        "",
        `--${boundary}`,
        "Content-Type: text/plain",
        "",
        "Your message could not be delivered: mailbox unknown.",
        `--${boundary}`,
        "Content-Type: message/delivery-status",
        "",
        "Final-Recipient: rfc822; bob@customer.example",
        "Action: failed",
        "Status: 5.1.1",
        `--${boundary}`,
        "Content-Type: text/rfc822-headers",
        "",
        `From: ${scene.queue.address}`,
        "To: bob@customer.example",
        `Message-ID: ${sent!.messageId}`,
        `--${boundary}--`,
        "",
      ].join("\r\n"),
    );
    const before = (await scene.db.select({ id: outbox.id }).from(outbox)).length;
    const result = await deliver(scene.db, bounce);
    expect(result).toMatchObject({ status: "processed", outcome: "bounce", ticketId: ticket.id });
    const [stored] = await scene.db.select({ senderType: articles.senderType, subject: articles.subject }).from(articles).where(eq(articles.ticketId, ticket.id)).orderBy(desc(articles.id)).limit(1);
    expect(stored).toEqual({ senderType: "system", subject: "Undelivered Mail Returned to Sender" });
    expect((await ticketOf(ticket.id)).state).toBe("open");
    expect((await scene.db.select({ id: outbox.id }).from(outbox)).length).toBe(before);
  });
});
