import { randomBytes } from "node:crypto";
import { on } from "node:events";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { simpleParser } from "mailparser";
import MailComposer from "nodemailer/lib/mail-composer";
import type Mail from "nodemailer/lib/mailer";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMailTransport, emlFileName, type RawMail } from "../../../../server/mail/outbound/mail-transport";
import { startSmtpSink, type SmtpSink } from "./smtp-sink";

async function composeRaw(options: { messageId?: string; text?: string; attachment?: Buffer; to?: string[] } = {}): Promise<RawMail> {
  const messageId = options.messageId ?? `<2026112710000013.${randomBytes(8).toString("hex")}@support.example.com>`;
  const date = new Date("2026-11-27T10:00:00Z");
  // `newline` (CRLF throughout, as buildMessage sends) is missing from @types/nodemailer.
  const mailOptions: Mail.Options & { newline: "windows" } = {
    from: "Support <support@example.com>",
    to: options.to ?? ["bob@example.com"],
    subject: "[Ticket#2026112710000013] Re: Printer",
    text: options.text ?? "On our way.\n.\nA line with only a dot, for the dot-stuffing.",
    messageId,
    date,
    newline: "windows",
    attachments: options.attachment ? [{ filename: "blob.bin", content: options.attachment, contentType: "application/octet-stream" }] : [],
  };
  const node = new MailComposer(mailOptions).compile();
  const envelope = node.getEnvelope();
  return { raw: await node.build(), envelope: { from: envelope.from || "", to: envelope.to }, messageId, date };
}

describe("createMailTransport over SMTP", () => {
  let sink: SmtpSink;
  afterEach(async () => {
    await sink.close();
  });

  it("hands the relay exactly the bytes and the envelope it was given", async () => {
    sink = await startSmtpSink();
    const transport = createMailTransport({ SMTP_URL: sink.url, HELPDESK_DATA_DIR: "unused" });
    const mail = await composeRaw({ to: ["bob@example.com", "carol@example.com"], attachment: randomBytes(50_000) });

    await transport.send(mail);

    expect(sink.received).toHaveLength(1);
    const [received] = sink.received;
    expect(received!.envelope).toEqual({ from: "support@example.com", to: ["bob@example.com", "carol@example.com"] });
    expect(received!.raw.equals(mail.raw)).toBe(true);
    expect(received!.messageId).toBe(mail.messageId);
    expect(transport.description).toBe(`smtp://127.0.0.1:${sink.port}`);
  });

  it("signs in with the credentials in SMTP_URL, and fails with wrong ones", async () => {
    sink = await startSmtpSink({ auth: { user: "relay-user", pass: "p@ss:word" } });
    await createMailTransport({ SMTP_URL: sink.url, HELPDESK_DATA_DIR: "unused" }).send(await composeRaw());
    expect(sink.received).toHaveLength(1);

    const wrong = createMailTransport({ SMTP_URL: `smtp://relay-user:nope@127.0.0.1:${sink.port}`, HELPDESK_DATA_DIR: "unused" });
    await expect(wrong.send(await composeRaw())).rejects.toThrow(/535|Invalid/);
    expect(sink.received).toHaveLength(1);
  });

  it("rejects when the relay refuses every recipient, and reports those it refused when it takes the rest", async () => {
    sink = await startSmtpSink();
    const transport = createMailTransport({ SMTP_URL: sink.url, HELPDESK_DATA_DIR: "unused" });
    sink.reject = { code: 550, message: "5.1.1 mailbox unavailable" };
    await expect(transport.send(await composeRaw())).rejects.toThrow(/550/);
    expect(sink.received).toEqual([]);

    sink.reject = { code: 550, message: "5.1.1 mailbox unavailable", recipient: "carol@example.com" };
    const result = await transport.send(await composeRaw({ to: ["bob@example.com", "carol@example.com"] }));
    expect(result).toEqual({ rejected: ["carol@example.com"] });
    expect(sink.received.map((mail) => mail.envelope.to)).toEqual([["bob@example.com"]]);
  });

  it("rejects when nothing listens on the relay's port", async () => {
    sink = await startSmtpSink();
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const transport = createMailTransport({ SMTP_URL: `smtp://127.0.0.1:${port}`, HELPDESK_DATA_DIR: "unused" });
    await expect(transport.send(await composeRaw())).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe("createMailTransport without SMTP_URL", () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "helpdesk-outbox-"));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("writes the message to $HELPDESK_DATA_DIR/outbox/<timestamp>-<message id>.eml, which parses back", async () => {
    const transport = createMailTransport({ HELPDESK_DATA_DIR: dataDir });
    const attachment = randomBytes(10_000);
    const mail = await composeRaw({ messageId: "<2026112710000013.00ff@support.example.com>", attachment });

    await transport.send(mail);

    const outbox = path.join(dataDir, "outbox");
    expect(transport.description).toBe(outbox);
    expect(await readdir(outbox)).toEqual(["20261127T100000Z-2026112710000013.00ff@support.example.com.eml"]);
    const content = await readFile(path.join(outbox, "20261127T100000Z-2026112710000013.00ff@support.example.com.eml"));
    expect(content.equals(mail.raw)).toBe(true);
    const parsed = await simpleParser(content);
    expect(parsed.messageId).toBe(mail.messageId);
    expect(parsed.subject).toBe("[Ticket#2026112710000013] Re: Printer");
    expect(parsed.attachments[0]!.content.equals(attachment)).toBe(true);
  });

  it("overwrites the same file when the same message is sent again, leaving no temporary file", async () => {
    const transport = createMailTransport({ HELPDESK_DATA_DIR: dataDir });
    const messageId = "<2026112710000013.beef@support.example.com>";
    await transport.send(await composeRaw({ messageId, text: "first copy" }));
    const second = await composeRaw({ messageId, text: "second copy" });
    await transport.send(second);

    const files = await readdir(path.join(dataDir, "outbox"));
    expect(files).toEqual([emlFileName(second)]);
    expect((await readFile(path.join(dataDir, "outbox", files[0]!))).equals(second.raw)).toBe(true);
  });

  it("never lets a reader see a partly written file", async () => {
    const transport = createMailTransport({ HELPDESK_DATA_DIR: dataDir });
    await transport.send(await composeRaw({ text: "creates the directory" }));
    const mail = await composeRaw({ attachment: randomBytes(16 * 1024 * 1024) });
    const target = path.join(dataDir, "outbox", emlFileName(mail));

    // The transport writes synchronously, so the reader runs in a thread of its own, watching
    // while this one writes, until it is told the write is over and it has seen the file.
    const done = new Int32Array(new SharedArrayBuffer(4));
    const reader = new Worker(
      `const { parentPort, workerData } = require("node:worker_threads");
      const { statSync } = require("node:fs");
      const done = new Int32Array(workerData.done);
      const sizes = new Set();
      parentPort.postMessage("watching");
      while (Atomics.load(done, 0) === 0 || sizes.size === 0) {
        try { sizes.add(statSync(workerData.target).size); } catch {}
      }
      parentPort.postMessage([...sizes]);`,
      { eval: true, workerData: { target, done: done.buffer } },
    );
    const messages = on(reader, "message");
    expect((await messages.next()).value).toEqual(["watching"]);
    await transport.send(mail);
    Atomics.store(done, 0, 1);
    const [sizes] = (await messages.next()).value as [number[]];
    await reader.terminate();

    expect(sizes).toEqual([mail.raw.length]);
    expect((await readdir(path.join(dataDir, "outbox"))).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("gives message ids with unsafe characters a distinct, harmless file name", () => {
    const date = new Date("2026-11-27T10:00:00Z");
    const a = emlFileName({ messageId: "<../../etc/passwd@x>", date });
    const b = emlFileName({ messageId: "<.._.._etc_passwd@x>", date });
    expect(a).toMatch(/^20261127T100000Z-[\w.@+=-]+\.eml$/);
    expect(a).not.toContain("/");
    expect(a).not.toBe(b);
  });
});
