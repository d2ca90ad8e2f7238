import { createServer, type Server } from "node:net";
import { eq } from "drizzle-orm";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../../../db/client";
import { inboundMessages, tickets } from "../../../../db/schema";
import { MailWorkerPool } from "../../../../server/mail/inbound/mail-worker-pool";
import { startSmtpWorker, type RunningSmtpWorker } from "../../../../server/mail/inbound/smtp-worker-host";
import { storeInboundMessage } from "../../../../server/mail/inbound/store-inbound-message";
import { buildMail } from "../../../support/mail";
import { createScene, type Scene } from "../../../support/scene";
import { until } from "../../../support/until";

let scene: Scene;
let pool: MailWorkerPool;
let smtp: RunningSmtpWorker;
const stored: { id: number; raw: Uint8Array<ArrayBuffer> }[] = [];
const exits: number[] = [];

function send(port: number, raw: Buffer, to: string) {
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true });
  return transport.sendMail({ envelope: { from: "bob@customer.example", to: [to] }, raw }).finally(() => transport.close());
}

const start = (databaseUrl: string, port = 0) =>
  startSmtpWorker({ databaseUrl, port, host: "127.0.0.1", onStored: (id, raw) => stored.push({ id, raw }), onExit: (code) => exits.push(code) });

beforeAll(async () => {
  scene = await createScene(getDb());
  pool = new MailWorkerPool(process.env.DATABASE_URL!, 1);
  smtp = await start(process.env.DATABASE_URL!);
});

afterAll(async () => {
  await smtp.close();
  await pool.close();
});

describe("the SMTP worker thread", () => {
  it("stores a message before answering 250, hands over its bytes, and a mail worker files it from them", async () => {
    const raw = buildMail({ to: scene.queue.address, subject: "Through the SMTP thread" });
    const info = await send(smtp.port, raw, scene.queue.address);
    const id = Number(/queued as (\d+)/.exec(info.response)![1]);
    const [row] = await scene.db.select({ raw: inboundMessages.raw, source: inboundMessages.source }).from(inboundMessages).where(eq(inboundMessages.id, id));
    expect(row!.source).toBe("smtp");
    expect(row!.raw.equals(raw)).toBe(true);

    // The bytes come by the worker's message port, which may be read after the client's 250.
    await until(() => stored.some((message) => message.id === id), `message ${id} is handed over`);
    const handed = stored.find((message) => message.id === id)!;
    expect(Buffer.from(handed.raw).equals(raw)).toBe(true);
    const result = await pool.process(id, handed.raw);
    expect(result).toMatchObject({ status: "processed", outcome: "new_ticket" });
    const [ticket] = await scene.db.select({ title: tickets.title, queueId: tickets.queueId }).from(tickets).where(eq(tickets.id, result.status === "processed" ? result.ticketId! : 0));
    expect(ticket).toEqual({ title: "Through the SMTP thread", queueId: scene.queue.id });
  });

  it("has the mail worker file a message from the bytes it is handed, never reading them back", async () => {
    const { id } = await storeInboundMessage(scene.db, { raw: buildMail({ to: scene.queue.address, subject: "As stored" }), source: "smtp", envelope: { mailFrom: null, rcptTo: [] } });
    // Bytes that differ from the stored row show which of the two the worker parsed.
    const handed = new Uint8Array(buildMail({ to: scene.queue.address, subject: "As handed over" }));
    const result = await pool.process(id, handed);
    const [ticket] = await scene.db.select({ title: tickets.title }).from(tickets).where(eq(tickets.id, result.status === "processed" ? result.ticketId! : 0));
    expect(ticket).toEqual({ title: "As handed over" });
  });

  it("answers 451 when the database cannot be reached, so that the sender retries", async () => {
    const broken = await start("postgres://postgres@127.0.0.1:1/unreachable");
    try {
      await expect(send(broken.port, buildMail(), scene.queue.address)).rejects.toMatchObject({ responseCode: 451 });
    } finally {
      await broken.close();
    }
  });

  it("refuses to start on a port that is taken, saying why", async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      await expect(start(process.env.DATABASE_URL!, port)).rejects.toThrow(/EADDRINUSE/);
    } finally {
      taken.close();
    }
  });

  it("stops listening when closed, without reporting an unexpected end", async () => {
    const closing = await start(process.env.DATABASE_URL!);
    await closing.close();
    await expect(send(closing.port, buildMail(), scene.queue.address)).rejects.toMatchObject({ code: "ESOCKET" });
    expect(exits).toEqual([]);
  });
});
