import { connect, type AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import nodemailer from "nodemailer";
import type { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "../../../../db/client";
import { inboundMessages, tickets } from "../../../../db/schema";
import { MailWorkerPool } from "../../../../server/mail/inbound/mail-worker-pool";
import { createInboundSmtpServer } from "../../../../server/mail/inbound/smtp-inbound-server";
import { buildMail } from "../../../support/mail";
import { createScene, type Scene } from "../../../support/scene";

let scene: Scene;
let pool: MailWorkerPool;
let server: SMTPServer;
let port: number;
const processed: Promise<unknown>[] = [];

async function listen(smtp: SMTPServer): Promise<number> {
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  return (smtp.server.address() as AddressInfo).port;
}

beforeAll(async () => {
  scene = await createScene(getDb());
  pool = new MailWorkerPool(process.env.DATABASE_URL!, 2);
  server = createInboundSmtpServer({ uploads: pool, onStored: ({ id }) => processed.push(pool.process(id)) });
  port = await listen(server);
});

afterAll(async () => {
  await Promise.allSettled(processed);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await pool.close();
});

function send(to: number, raw: Buffer, envelope = { from: "bob@customer.example", to: ["support@example.com"] }) {
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port: to, secure: false, ignoreTLS: true });
  return transport.sendMail({ envelope, raw }).finally(() => transport.close());
}

describe("the inbound SMTP server", () => {
  it("answers 250 once the message is stored, then files it", async () => {
    const raw = buildMail({ to: scene.queue.address, subject: "Over SMTP" });
    const info = await send(port, raw, { from: "bob@customer.example", to: [scene.queue.address] });
    const id = Number(/queued as (\d+)/.exec(info.response)![1]);
    const [stored] = await scene.db.select().from(inboundMessages).where(eq(inboundMessages.id, id));
    expect(stored).toMatchObject({ source: "smtp", envelope: { mailFrom: "bob@customer.example", rcptTo: [scene.queue.address] } });
    expect(stored!.raw.equals(raw)).toBe(true);
    await Promise.all(processed);
    const [row] = await scene.db.select({ status: inboundMessages.status, ticketId: inboundMessages.ticketId }).from(inboundMessages).where(eq(inboundMessages.id, id));
    expect(row!.status).toBe("processed");
    const [ticket] = await scene.db.select({ queueId: tickets.queueId, title: tickets.title }).from(tickets).where(eq(tickets.id, row!.ticketId!));
    expect(ticket).toEqual({ queueId: scene.queue.id, title: "Over SMTP" });
  });

  it("refuses a message over 25 MB with 552, storing nothing", async () => {
    const before = await scene.db.$count(inboundMessages);
    const huge = Buffer.concat([buildMail({ subject: "Huge" }), Buffer.alloc(26 * 1024 * 1024, "a")]);
    await expect(send(port, huge)).rejects.toMatchObject({ responseCode: 552 });
    expect(await scene.db.$count(inboundMessages)).toBe(before);
  });

  it("answers 451 when the message cannot be stored, so that the sender retries", async () => {
    const brokenPool = new MailWorkerPool("postgres://postgres@127.0.0.1:1/unreachable", 1);
    const broken = createInboundSmtpServer({ uploads: brokenPool });
    const brokenPort = await listen(broken);
    try {
      await expect(send(brokenPort, buildMail())).rejects.toMatchObject({ responseCode: 451 });
    } finally {
      await new Promise<void>((resolve) => broken.close(() => resolve()));
      await brokenPool.close();
    }
  });

  it("ends the session of a sender that resets its connection mid-transaction, and goes on serving", async () => {
    const socket = connect(port, "127.0.0.1");
    const replies: string[] = [];
    socket.on("data", (chunk: Buffer) => replies.push(chunk.toString()));
    const waitForReply = async (code: string) => vi.waitFor(() => expect(replies.join("")).toContain(code));
    await waitForReply("220");
    socket.write("EHLO sender.example\r\nMAIL FROM:<bob@customer.example>\r\n");
    await waitForReply("250 Accepted");
    socket.write(`RCPT TO:<${scene.queue.address}>\r\n`);
    await vi.waitFor(() => expect(replies.join("").match(/250 Accepted/g)).toHaveLength(2));
    socket.resetAndDestroy();
    await vi.waitFor(() => expect(server.connections.size).toBe(0));

    const raw = buildMail({ to: scene.queue.address, subject: "After a reset" });
    const info = await send(port, raw, { from: "bob@customer.example", to: [scene.queue.address] });
    expect(info.response).toMatch(/^250 .*queued as \d+/);
  });
});
