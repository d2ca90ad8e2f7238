import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../../../db/client";
import { outbox } from "../../../../db/schema";
import { createMailTransport, type MailTransport } from "../../../../server/mail/outbound/mail-transport";
import { retryFailedMail } from "../../../../server/mail/outbound/retry-failed-mail";
import { MAX_ATTEMPTS, sendDueMail } from "../../../../server/mail/outbound/send-due-mail";
import { queueOutboundMail } from "../../../../server/mail/queue-outbound-mail";
import { createScene, type Scene } from "../../../support/scene";
import { listen } from "../../../support/listen";
import { startSmtpSink, type SmtpSink } from "./smtp-sink";

let scene: Scene;
let sink: SmtpSink;
let transport: MailTransport;
beforeEach(async () => {
  scene = await createScene(getDb());
  await scene.db.delete(outbox);
  sink = await startSmtpSink();
  transport = createMailTransport({ SMTP_URL: sink.url, HELPDESK_DATA_DIR: "unused" });
});
afterEach(async () => {
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

/** Fails a message until the worker gives up on it, the way a dead relay would. */
async function giveUpOn(messageId: string) {
  sink.reject = { code: 550, message: "5.1.1 mailbox unavailable" };
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    await scene.db.update(outbox).set({ nextAttemptAt: new Date(Date.now() - 1_000) }).where(eq(outbox.messageId, messageId));
    await sendDueMail(scene.db, transport);
  }
  sink.reject = null;
  const [row] = await scene.db.select().from(outbox).where(eq(outbox.messageId, messageId));
  expect(row!.failedAt).toBeInstanceOf(Date);
  return row!;
}

describe("retryFailedMail", () => {
  it("gives a message the worker gave up on a fresh run of attempts, due now, and it goes out with its Message-ID", async () => {
    const messageId = await queueOne();
    const failed = await giveUpOn(messageId);
    const notifications = await listen("helpdesk_outbox");
    try {
      expect(await retryFailedMail(scene.db, { id: failed.id })).toBe(1);
      await notifications.next();
    } finally {
      await notifications.close();
    }

    const [reset] = await scene.db.select().from(outbox).where(eq(outbox.id, failed.id));
    expect(reset).toMatchObject({ failedAt: null, attempts: 0, sentAt: null, lastError: failed.lastError });
    expect(reset!.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now() + 1_000);

    expect(await sendDueMail(scene.db, transport)).toEqual({ sent: 1, failed: 0 });
    expect(sink.received.map((mail) => mail.messageId)).toEqual([messageId]);
  });

  it("without an id resets every failed message, and leaves sent and pending ones alone", async () => {
    const first = await giveUpOn(await queueOne());
    const second = await giveUpOn(await queueOne());
    const pending = await queueOne();
    await scene.db.update(outbox).set({ attempts: 3, nextAttemptAt: new Date(Date.now() + 3_600_000) }).where(eq(outbox.messageId, pending));

    expect(await retryFailedMail(scene.db)).toBe(2);

    const rows = await scene.db.select().from(outbox);
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(first.id)).toMatchObject({ failedAt: null, attempts: 0 });
    expect(byId.get(second.id)).toMatchObject({ failedAt: null, attempts: 0 });
    expect(rows.find((row) => row.messageId === pending)).toMatchObject({ failedAt: null, attempts: 3 });
    expect(await retryFailedMail(scene.db)).toBe(0);
  });

  it("does nothing to a message that has not failed", async () => {
    const messageId = await queueOne();
    await sendDueMail(scene.db, transport);
    const [sent] = await scene.db.select().from(outbox).where(eq(outbox.messageId, messageId));

    expect(await retryFailedMail(scene.db, { id: sent!.id })).toBe(0);
    expect(await retryFailedMail(scene.db, { id: 999_999 })).toBe(0);
    expect(await sendDueMail(scene.db, transport)).toEqual({ sent: 0, failed: 0 });
  });
});
