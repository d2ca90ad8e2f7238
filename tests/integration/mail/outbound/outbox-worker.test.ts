import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../../../db/client";
import { outbox } from "../../../../db/schema";
import { createMailTransport, type MailTransport } from "../../../../server/mail/outbound/mail-transport";
import { startOutboxWorker, type OutboxWorker } from "../../../../server/mail/outbound/outbox-worker";
import { queueOutboundMail } from "../../../../server/mail/queue-outbound-mail";
import { replyToTicket } from "../../../../server/tickets/reply-to-ticket";
import { createScene, type Scene } from "../../../support/scene";
import { startSmtpSink, type SmtpSink } from "./smtp-sink";

let scene: Scene;
let sink: SmtpSink;
let transport: MailTransport;
let worker: OutboxWorker | undefined;
beforeEach(async () => {
  scene = await createScene(getDb());
  await scene.db.delete(outbox);
  sink = await startSmtpSink();
  transport = createMailTransport({ SMTP_URL: sink.url, HELPDESK_DATA_DIR: "unused" });
});
afterEach(async () => {
  await worker?.stop();
  worker = undefined;
  await sink.close();
});

async function queueOne(): Promise<string> {
  const ticket = await scene.ticket({ customer: { email: "bob@example.com" } });
  const messageId = `<${ticket.number}.${randomBytes(6).toString("hex")}@example.com>`;
  await queueOutboundMail(scene.db, {
    ticketId: ticket.id,
    articleId: null,
    messageId,
    message: { from: scene.queue.address, to: ["bob@example.com"], cc: [], subject: `[Ticket#${ticket.number}] Hello`, text: "Hello", inReplyTo: null, references: [], headers: {}, attachmentIds: [] },
  });
  return messageId;
}

describe("startOutboxWorker", () => {
  it("sends a reply as soon as it commits, woken by NOTIFY long before the next poll", async () => {
    worker = startOutboxWorker(scene.db, transport, { intervalMs: 600_000 });
    await worker.idle();
    const alice = await scene.agent("rw");
    const ticket = await scene.ticket({ customer: { email: "bob@example.com" } });
    await replyToTicket(scene.db, { actor: alice, number: ticket.number, body: "On our way" });
    await sink.waitFor(1, 5_000);
    // Every start-up run is over by now: only a notification can wake the worker for this one.
    await new Promise((resolve) => setTimeout(resolve, 300));

    const article = await replyToTicket(scene.db, { actor: alice, number: ticket.number, body: "Arrived" });

    const received = await sink.waitFor(2, 5_000);
    const [row] = await scene.db.select().from(outbox).where(eq(outbox.articleId, article.id));
    expect(received[1]!.messageId).toBe(row!.messageId);
    await expect.poll(async () => (await scene.db.select({ sentAt: outbox.sentAt }).from(outbox).where(eq(outbox.id, row!.id)))[0]!.sentAt).toBeInstanceOf(Date);
  });

  it("polls when it does not listen, and sends what was queued before it started", async () => {
    const early = await queueOne();
    worker = startOutboxWorker(scene.db, transport, { intervalMs: 100, listen: false });
    await sink.waitFor(1, 5_000);
    const late = await queueOne();

    await sink.waitFor(2, 5_000);
    expect(sink.received.map((mail) => mail.messageId)).toEqual([early, late]);
  });

  it("keeps polling after a run fails", async () => {
    let failures = 0;
    const flaky = new Proxy(scene.db, {
      get(target, property, receiver) {
        if (property === "transaction" && failures < 2) {
          return () => {
            failures++;
            return Promise.reject(new Error("the database is restarting"));
          };
        }
        return Reflect.get(target, property, receiver);
      },
    });
    const messageId = await queueOne();
    worker = startOutboxWorker(flaky, transport, { intervalMs: 50, listen: false });

    await sink.waitFor(1, 5_000);
    expect(failures).toBe(2);
    expect(sink.received.map((mail) => mail.messageId)).toEqual([messageId]);
  });

  it("stop() waits for the message in flight, and no run starts after it", async () => {
    let release: () => void = () => {};
    let sending = 0;
    const slow: MailTransport = {
      description: "slow",
      close() {},
      async send(mail) {
        sending++;
        await new Promise<void>((resolve) => (release = resolve));
        await transport.send(mail);
      },
    };
    const messageId = await queueOne();
    worker = startOutboxWorker(scene.db, slow, { intervalMs: 50, listen: false });
    await expect.poll(() => sending).toBe(1);

    const stopped = worker.stop();
    let done = false;
    void stopped.then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(done).toBe(false);
    release();
    await stopped;
    worker = undefined;

    expect(sink.received.map((mail) => mail.messageId)).toEqual([messageId]);
    const [row] = await scene.db.select().from(outbox).where(eq(outbox.messageId, messageId));
    expect(row!.sentAt).toBeInstanceOf(Date);
    await queueOne();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sending).toBe(1);
  });
});
