import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { eq, inArray, sql } from "drizzle-orm";
import { simpleParser } from "mailparser";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connect, getDb } from "../../../../db/client";
import { articles, outbox } from "../../../../db/schema";
import { createMailTransport, type MailTransport } from "../../../../server/mail/outbound/mail-transport";
import { MAX_ATTEMPTS, sendDueMail } from "../../../../server/mail/outbound/send-due-mail";
import { queueOutboundMail } from "../../../../server/mail/queue-outbound-mail";
import { insertArticle } from "../../../../server/tickets/articles";
import { replyToTicket } from "../../../../server/tickets/reply-to-ticket";
import { createScene, type Scene } from "../../../support/scene";
import { startSmtpSink, type SmtpSink } from "./smtp-sink";

let scene: Scene;
let sink: SmtpSink;
let transport: MailTransport;
beforeEach(async () => {
  scene = await createScene(getDb());
  // Each test counts what it sends: nothing left over from the one before.
  await scene.db.delete(outbox);
  sink = await startSmtpSink();
  transport = createMailTransport({ SMTP_URL: sink.url, HELPDESK_DATA_DIR: "unused" });
});
afterEach(async () => {
  await sink.close();
});

/** `count` messages queued the way the ticket engine queues them; their Message-IDs. */
async function queueMail(count: number): Promise<string[]> {
  const ticket = await scene.ticket({ customer: { email: "bob@example.com" } });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const messageId = `<${ticket.number}.${randomBytes(6).toString("hex")}@example.com>`;
    await queueOutboundMail(scene.db, {
      ticketId: ticket.id,
      articleId: null,
      messageId,
      message: { from: scene.queue.address, to: ["bob@example.com"], cc: [], subject: `[Ticket#${ticket.number}] #${i}`, text: `message ${i}`, inReplyTo: null, references: [], headers: {}, attachmentIds: [] },
    });
    ids.push(messageId);
  }
  return ids;
}

async function rowOf(messageId: string) {
  const [row] = await scene.db.select().from(outbox).where(eq(outbox.messageId, messageId));
  return row!;
}

describe("sendDueMail", () => {
  it("delivers a queued reply with the stored Message-ID, threading and attachments, and marks it sent", async () => {
    const alice = await scene.agent("rw");
    const ticket = await scene.ticket({ customer: { email: "bob@example.com", name: "Bob" }, title: "Printer on fire" });
    await insertArticle(scene.db, {
      ticketId: ticket.id,
      kind: "email_in",
      senderType: "customer",
      from: "bob@example.com",
      subject: "Printer on fire",
      bodyText: "Help",
      messageId: "<question@mail.example.com>",
      visibleToCustomer: true,
      createdBy: null,
    });
    const pdf = randomBytes(300_000);
    const reply = await replyToTicket(scene.db, {
      actor: alice,
      number: ticket.number,
      body: "Report attached.",
      attachments: [{ filename: "report.pdf", contentType: "application/pdf", content: pdf }],
    });
    const [article] = await scene.db.select({ messageId: articles.messageId }).from(articles).where(eq(articles.id, reply.id));

    expect(await sendDueMail(scene.db, transport)).toEqual({ sent: 1, failed: 0 });

    expect(sink.received).toHaveLength(1);
    const [received] = sink.received;
    expect(received!.envelope).toEqual({ from: scene.queue.address, to: ["bob@example.com"] });
    const parsed = await simpleParser(received!.raw);
    expect(parsed.messageId).toBe(article!.messageId);
    expect(parsed.from?.value).toEqual([{ address: scene.queue.address, name: scene.queue.name }]);
    expect(parsed.headers.get("to")).toMatchObject({ value: [{ address: "bob@example.com" }] });
    expect(parsed.subject).toBe(`[Ticket#${ticket.number}] Re: Printer on fire`);
    expect(parsed.inReplyTo).toBe("<question@mail.example.com>");
    expect(parsed.references).toBe("<question@mail.example.com>");
    expect(parsed.attachments[0]!.content.equals(pdf)).toBe(true);
    const row = await rowOf(article!.messageId!);
    expect(row).toMatchObject({ attempts: 0, lastError: null, failedAt: null });
    expect(row.sentAt).toBeInstanceOf(Date);

    expect(await sendDueMail(scene.db, transport)).toEqual({ sent: 0, failed: 0 });
    expect(sink.received).toHaveLength(1);
  });

  it("marks a message sent when the relay takes it for some recipients, and notes the ones it refused", async () => {
    const alice = await scene.agent("rw");
    const ticket = await scene.ticket({ customer: { email: "bob@example.com" } });
    const reply = await replyToTicket(scene.db, { actor: alice, number: ticket.number, body: "Hello both", cc: ["carol@example.com"] });
    sink.reject = { code: 550, message: "5.1.1 no such user", recipient: "carol@example.com" };

    expect(await sendDueMail(scene.db, transport)).toEqual({ sent: 1, failed: 0 });

    const [row] = await scene.db.select().from(outbox).where(eq(outbox.articleId, reply.id));
    expect(row).toMatchObject({ attempts: 0, sentAt: expect.any(Date), lastError: "sent, but the relay refused carol@example.com" });
    expect(sink.received.map((mail) => mail.envelope.to)).toEqual([["bob@example.com"]]);
  });

  it("sends each of 100 messages exactly once when two workers on their own connections run at the same time", async () => {
    const ids = await queueMail(100);
    sink.delayMs = 2;
    const workers = [1, 2].map((n) => connect(process.env.DATABASE_URL!, { max: 3, applicationName: `outbox-worker-${n}` }));
    try {
      const results = await Promise.all(workers.map((db) => sendDueMail(db, createMailTransport({ SMTP_URL: sink.url, HELPDESK_DATA_DIR: "unused" }), { batchSize: 10, concurrency: 4 })));

      expect(results.reduce((sum, result) => sum + result.sent, 0)).toBe(100);
      expect(results.every((result) => result.sent > 0 && result.failed === 0)).toBe(true);
    } finally {
      await Promise.all(workers.map((db) => db.$client.end()));
    }
    const counts = sink.countByMessageId();
    expect(counts.size).toBe(100);
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
    expect(new Set(counts.keys())).toEqual(new Set(ids));
    const unsent = await scene.db.select({ id: outbox.id }).from(outbox).where(sql`${outbox.sentAt} is null`);
    expect(unsent).toEqual([]);
  });

  it("backs off when the relay refuses, and sends the same Message-ID once it accepts", async () => {
    const [messageId] = await queueMail(1);
    sink.reject = { code: 550, message: "5.1.1 mailbox unavailable" };

    const before = Date.now();
    expect(await sendDueMail(scene.db, transport)).toEqual({ sent: 0, failed: 1 });

    const failed = await rowOf(messageId!);
    expect(failed).toMatchObject({ attempts: 1, sentAt: null, failedAt: null });
    expect(failed.lastError).toMatch(/550/);
    const wait = failed.nextAttemptAt.getTime() - before;
    expect(wait).toBeGreaterThan(0.8 * 60_000 - 2_000);
    expect(wait).toBeLessThanOrEqual(60_000 + 2_000);
    expect(sink.received).toEqual([]);

    sink.reject = null;
    expect(await sendDueMail(scene.db, transport)).toEqual({ sent: 0, failed: 0 });
    expect(await sendDueMail(scene.db, transport, { now: new Date(failed.nextAttemptAt.getTime() + 1) })).toEqual({ sent: 1, failed: 0 });

    expect(sink.received.map((mail) => mail.messageId)).toEqual([messageId]);
    expect(await rowOf(messageId!)).toMatchObject({ attempts: 1, lastError: null, sentAt: expect.any(Date) });
  });

  it(`waits 1, 2, 4 … minutes, at most an hour, and gives up after ${MAX_ATTEMPTS} attempts`, async () => {
    const [messageId] = await queueMail(1);
    sink.reject = { code: 451, message: "4.3.0 try again later" };

    const waits: number[] = [];
    let now = new Date(Date.now() + 1_000);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      expect(await sendDueMail(scene.db, transport, { now })).toEqual({ sent: 0, failed: 1 });
      const row = await rowOf(messageId!);
      expect(row.attempts).toBe(attempt);
      waits.push(row.nextAttemptAt.getTime() - now.getTime());
      expect(row.failedAt === null).toBe(attempt < MAX_ATTEMPTS);
      now = new Date(row.nextAttemptAt.getTime() + 1);
    }

    const minutes = [1, 2, 4, 8, 16, 32, 60, 60, 60, 60];
    waits.forEach((wait, i) => {
      expect(wait).toBeLessThanOrEqual(minutes[i]! * 60_000);
      expect(wait).toBeGreaterThanOrEqual(0.8 * minutes[i]! * 60_000);
    });
    const given = await rowOf(messageId!);
    expect(given.lastError).toMatch(/451/);
    sink.reject = null;
    expect(await sendDueMail(scene.db, transport, { now: new Date(Date.now() + 86_400_000) })).toEqual({ sent: 0, failed: 0 });
    expect(sink.received).toEqual([]);
  });

  it("counts a relay that does not answer at all as a failed attempt", async () => {
    const [messageId] = await queueMail(1);
    await sink.close();
    const gone = createMailTransport({ SMTP_URL: sink.url, HELPDESK_DATA_DIR: "unused" });
    sink = await startSmtpSink();

    expect(await sendDueMail(scene.db, gone)).toEqual({ sent: 0, failed: 1 });
    expect(await rowOf(messageId!)).toMatchObject({ attempts: 1, sentAt: null, lastError: expect.stringMatching(/ECONNREFUSED/) });
  });

  it("lets one hanging message fail on its own deadline while the rest of the batch goes out", async () => {
    const ids = await queueMail(6);
    const stuck = ids[1]!;
    const hanging: MailTransport = {
      description: "one message hangs",
      close() {},
      send: (mail) => (mail.messageId === stuck ? new Promise(() => {}) : transport.send(mail)),
    };

    const started = Date.now();
    expect(await sendDueMail(scene.db, hanging, { sendTimeoutMs: 500, concurrency: 2 })).toEqual({ sent: 5, failed: 1 });

    expect(Date.now() - started).toBeLessThan(5_000);
    expect(new Set(sink.received.map((mail) => mail.messageId))).toEqual(new Set(ids.filter((id) => id !== stuck)));
    expect(await rowOf(stuck)).toMatchObject({ attempts: 1, sentAt: null, lastError: expect.stringMatching(/within 500 ms/) });
  });
});

describe("sendDueMail after a crash", () => {
  it("sends again, with the same Message-ID, a message whose worker was killed after the relay took it", async () => {
    const [messageId] = await queueMail(1);
    const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "crashing-worker.ts")], {
      env: { ...process.env, SMTP_URL: sink.url },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    await new Promise<void>((resolve, reject) => {
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes(`SENT ${messageId}`)) resolve();
      });
      child.once("exit", (code) => reject(new Error(`the worker exited (${code}) before sending: ${output}`)));
    });
    child.kill("SIGKILL");
    await exited;
    // The database notices the dead connection, rolls the claim back and frees the row.
    await expect.poll(async () => (await scene.db.execute(sql`select 1 from pg_stat_activity where application_name = 'crashing-worker'`)).length, { timeout: 10_000 }).toBe(0);

    expect(await rowOf(messageId!)).toMatchObject({ sentAt: null, attempts: 0 });
    expect(await sendDueMail(scene.db, transport)).toEqual({ sent: 1, failed: 0 });

    expect(sink.received.map((mail) => mail.messageId)).toEqual([messageId, messageId]);
    expect(await rowOf(messageId!)).toMatchObject({ sentAt: expect.any(Date), attempts: 0 });
  });

  it("rolls back a batch whose outcome cannot be recorded, sends no more of it, and sends it all again later", async () => {
    const ids = await queueMail(3);
    // The claim holds, the relay takes the first message, then the worker's connection is lost
    // before the write that would mark it sent (in production: a database restart, a network cut …).
    const worker = connect(process.env.DATABASE_URL!, { max: 1, applicationName: "helpdesk-outbox-doomed" });
    const losingTheConnection: MailTransport = {
      description: "loses the worker's connection after the first send",
      async send(mail) {
        await transport.send(mail);
        await scene.db.execute(sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'helpdesk-outbox-doomed'`);
      },
      close: () => {},
    };

    await expect(sendDueMail(worker, losingTheConnection, { concurrency: 1 })).rejects.toThrow(/terminating connection|connection/i);
    await worker.$client.end({ timeout: 5 });

    expect(sink.received.map((mail) => mail.messageId)).toEqual([ids[0]]);
    const rows = await scene.db.select().from(outbox).where(inArray(outbox.messageId, ids));
    expect(rows.every((row) => row.sentAt === null && row.attempts === 0)).toBe(true);

    expect(await sendDueMail(scene.db, transport)).toEqual({ sent: 3, failed: 0 });
    expect(sink.countByMessageId()).toEqual(new Map([[ids[0], 2], [ids[1], 1], [ids[2], 1]]));
  });

  it("has the transport make a batch durable once, before the batch commits as sent", async () => {
    const ids = await queueMail(3);
    const events: string[] = [];
    const recording: MailTransport = {
      description: "recording",
      async send(mail) {
        events.push(`send ${mail.messageId}`);
      },
      async flush() {
        // Still uncommitted: another connection sees no row sent yet.
        const [row] = await scene.db.select({ n: sql<number>`count(*)::int` }).from(outbox).where(sql`${outbox.sentAt} is not null`);
        events.push(`flush with ${row!.n} committed as sent`);
      },
      close() {},
    };

    const result = await sendDueMail(scene.db, recording, { batchSize: 10 });

    expect(result.sent).toBe(3);
    expect(events.slice(0, 3).sort()).toEqual(ids.map((id) => `send ${id}`).sort());
    expect(events.slice(3)).toEqual(["flush with 0 committed as sent"]);
    expect((await Promise.all(ids.map(rowOf))).every((row) => row.sentAt !== null)).toBe(true);
  });
});

describe("sendDueMail's claim", () => {
  it("reads the batch from the index, however many messages are due", async () => {
    const due = await queueMail(150);
    // One connection: its statistics are flushed, then read, by the same backend.
    const single = connect(process.env.DATABASE_URL!, { max: 1 });
    const readFromIndex = async () => {
      await single.execute(sql`select pg_stat_force_next_flush()`);
      const [row] = await single.execute<{ read: number }>(sql`select idx_tup_read::int as read from pg_stat_user_indexes where indexrelname = 'outbox_due_idx'`);
      return row!.read;
    };
    try {
      const before = await readFromIndex();
      const result = await sendDueMail(single, transport, { batchSize: 5, maxBatches: 1 });
      const read = (await readFromIndex()) - before;

      expect(result.sent).toBe(5);
      expect(await Promise.all(due.slice(0, 5).map(async (id) => (await rowOf(id)).sentAt))).not.toContain(null);
      // An index without the claim's order (next_attempt_at, id) reads all 150 due rows to sort them.
      expect(read).toBeGreaterThanOrEqual(5);
      expect(read).toBeLessThan(20);
    } finally {
      await single.$client.end({ timeout: 5 });
    }
  });
});
