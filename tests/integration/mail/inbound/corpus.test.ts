import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import nodemailer from "nodemailer";
import type { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "../../../../db/client";
import { articles } from "../../../../db/schema";
import type { MailAddress } from "../../../../server/mail/inbound/incoming-mail";
import { MailWorkerPool } from "../../../../server/mail/inbound/mail-worker-pool";
import { createInboundSmtpServer } from "../../../../server/mail/inbound/smtp-inbound-server";
import { messageIdentity } from "../../../../server/mail/inbound/store-inbound-message";
import { helpdeskWithInput } from "../../../support/cli";
import { inboundRow } from "../../../support/mail";
import { corpusFiles, hasMailParserReading, MAIL_PARSER_EXCEPTIONS, mailParserReading, readCorpusFile, readingMismatches } from "../../../support/mail-corpus";
import { createScene, type Scene } from "../../../support/scene";

/*
 * The whole shared corpus through the real gateway, twice: over SMTP (a real server, its mail
 * worker threads, a nodemailer client) and through the pipe (`mail:ingest`), into one
 * database. Each message must be stored raw and filed; the pipe's copy of a message with a
 * Message-ID is then a redelivery, so `duplicate`.
 */
const FILES = corpusFiles();

/** Messages that may end `failed`, each with why. Empty: every corpus message is filed. */
const MAY_FAIL: Record<string, string> = {};

const ENVELOPE_SENDER = "corpus@sender.example";

let scene: Scene;
let pool: MailWorkerPool;
let server: SMTPServer;
let port: number;
const processing: Promise<unknown>[] = [];
const consoleError = vi.spyOn(console, "error");

beforeAll(async () => {
  scene = await createScene(getDb());
  pool = new MailWorkerPool(process.env.DATABASE_URL!, 2);
  server = createInboundSmtpServer({ uploads: pool, onStored: ({ id }) => processing.push(pool.process(id)) });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await Promise.allSettled(processing);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await pool.close();
});

/** Sends every file over SMTP, `concurrency` connections at a time; the stored id of each. */
async function sendAll(files: string[], concurrency: number): Promise<Map<string, number>> {
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true, pool: true, maxConnections: concurrency, maxMessages: Infinity });
  const ids = new Map<string, number>();
  const queue = [...files];
  const sender = async () => {
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
      const info = await transport.sendMail({ envelope: { from: ENVELOPE_SENDER, to: [scene.queue.address] }, raw: readCorpusFile(file) });
      ids.set(file, Number(/queued as (\d+)/.exec(info.response)![1]));
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, sender));
  } finally {
    transport.close();
  }
  return ids;
}

/**
 * SMTP carries lines ending in CRLF and ends the data with CRLF "." CRLF: nodemailer turns a
 * bare LF into CRLF (55 corpus files use bare LFs) and ends a message lacking a final line
 * break with one (19 files), so the server stores those bytes. Otherwise the bytes are the file's.
 */
const lineEndingsNormalised = (raw: Buffer) => raw.toString("latin1").replace(/\r\n/g, "\n").replace(/\n?$/, "\n");

/** An article's From as stored (`Name <address>`, the name quoted when needed) back to an address. */
function mailboxOf(from: string | null): MailAddress | null {
  if (!from) return null;
  const match = /^(.*) <([^<>]*)>$/s.exec(from);
  if (!match) return { address: from, name: null };
  const name = /^".*"$/s.test(match[1]!) ? match[1]!.slice(1, -1).replace(/\\(["\\])/g, "$1") : match[1]!;
  return { address: match[2]!, name };
}

interface Filed {
  status: string;
  mismatches: string[];
}

/**
 * The stored row of one delivery, checked, as `processed`, `duplicate`, `ignored` or `failed`;
 * with where its article disagrees with mail-parser's reading. `fallbackFrom` is the article's
 * From when the message names no usable sender (the envelope sender, or a placeholder).
 */
async function filed(file: string, id: number, fallbackFrom: string): Promise<Filed> {
  const row = await inboundRow(scene.db, id);
  if (row.status === "failed") {
    expect.soft(MAY_FAIL, `${file} failed: ${row.error}`).toHaveProperty([file]);
    return { status: row.status, mismatches: [] };
  }
  expect.soft(row.status, file).toMatch(/^(processed|duplicate)$/);
  // A delivery report of a message this helpdesk never sent is kept as processed, filed nowhere.
  if (row.ticketId === null) {
    expect.soft(row.error, file).toMatch(/^ignored: a delivery failure/);
    return { status: "ignored", mismatches: [] };
  }
  if (row.status === "duplicate") return { status: row.status, mismatches: [] };
  const stored = await scene.db.select().from(articles).where(eq(articles.inboundMessageId, id));
  expect.soft(stored, file).toHaveLength(1);
  const [article] = stored;
  if (!article || !hasMailParserReading(file)) return { status: row.status, mismatches: [] };
  const from = article.fromAddress === fallbackFrom ? null : mailboxOf(article.fromAddress);
  const mismatches = readingMismatches(file, mailParserReading(file), { subject: article.subject, from, to: null, text: article.bodyText });
  return { status: row.status, mismatches };
}

/** The files that share a Message-ID and body (so are one message), by that identity. */
function identityGroups(): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const file of FILES) {
    const { messageId, bodyHash } = messageIdentity(readCorpusFile(file));
    if (messageId) groups.set(`${messageId} ${bodyHash}`, [...(groups.get(`${messageId} ${bodyHash}`) ?? []), file]);
  }
  return groups;
}

describe("the real-world corpus through the gateway", () => {
  it("is found", () => {
    expect(FILES.length).toBeGreaterThanOrEqual(150);
  });

  it("over SMTP: every message is accepted, stored raw and filed; copies of one message are one article", { timeout: 60_000 }, async () => {
    const ids = await sendAll(FILES, 6);
    expect(ids.size).toBe(FILES.length);
    const results = await Promise.allSettled(processing);
    expect(results.filter((result) => result.status === "rejected")).toEqual([]);

    const statuses = new Map<string, string>();
    const mismatches = new Set<string>();
    for (const file of FILES) {
      const row = await inboundRow(scene.db, ids.get(file)!);
      expect.soft(row.source, file).toBe("smtp");
      expect.soft(lineEndingsNormalised(row.raw), file).toBe(lineEndingsNormalised(readCorpusFile(file)));
      if (!/[^\r]\n/.test(readCorpusFile(file).toString("latin1")) && readCorpusFile(file).toString("latin1").endsWith("\r\n")) {
        expect.soft(row.raw.equals(readCorpusFile(file)), `${file}: bytes as sent`).toBe(true);
      }
      const result = await filed(file, ids.get(file)!, ENVELOPE_SENDER);
      statuses.set(file, result.status);
      for (const mismatch of result.mismatches) mismatches.add(mismatch);
    }
    // Of the files that are one message (same Message-ID and body), one is filed, the others
    // are duplicates (delivery reports of unknown messages are filed nowhere, so never duplicates).
    for (const group of identityGroups().values()) {
      const states = group.map((file) => statuses.get(file)).sort();
      if (states.includes("ignored")) continue;
      expect.soft(states, group.join(", ")).toEqual(["processed", ...Array<string>(group.length - 1).fill("duplicate")].sort());
    }
    expect([...mismatches].sort()).toEqual(Object.keys(MAIL_PARSER_EXCEPTIONS).sort());
    expect(consoleError.mock.calls.filter(([message]) => String(message).startsWith("[mail]"))).toEqual([]);
  });

  it("through the pipe: every message is stored as piped and is, with a Message-ID, a duplicate of its SMTP copy", { timeout: 60_000 }, async () => {
    const mismatches = new Set<string>();
    for (const file of FILES) {
      const raw = readCorpusFile(file);
      const result = await helpdeskWithInput(raw, "mail:ingest");
      expect.soft(result, file).toMatchObject({ code: 0, stderr: "" });
      const id = Number(/^stored as message (\d+)/.exec(result.stdout)?.[1]);
      const row = await inboundRow(scene.db, id);
      expect.soft(row.raw.equals(raw), file).toBe(true);
      expect.soft(row.source, file).toBe("pipe");
      const { status, mismatches: found } = await filed(file, id, "unknown-sender@invalid.example");
      for (const mismatch of found) mismatches.add(mismatch);
      if (status === "failed" || status === "ignored") continue;
      expect.soft(status, file).toBe(messageIdentity(raw).messageId ? "duplicate" : "processed");
    }
    // Only messages without a Message-ID were filed again, and each agrees with mail-parser as its SMTP copy did.
    const unidentified = FILES.filter((file) => hasMailParserReading(file) && !messageIdentity(readCorpusFile(file)).messageId);
    expect([...mismatches].sort()).toEqual(Object.keys(MAIL_PARSER_EXCEPTIONS).filter((key) => unidentified.includes(key.split(" ")[0]!)).sort());
  });
});
