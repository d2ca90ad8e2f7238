import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MalformedMessageError } from "../../../server/mail/inbound/errors";
import type { IncomingMail, MailAddress } from "../../../server/mail/inbound/incoming-mail";
import { parseMessage } from "../../../server/mail/inbound/parse-message";

/*
 * Real-world messages written by others (see the corpus README): every one must parse, and
 * where the Rust mail-parser left its reading beside a message, ours must agree with it.
 */
const CORPUS = path.resolve("../shared/corpus/mail");

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) return walk(full);
      return name.endsWith(".eml") ? [path.relative(CORPUS, full)] : [];
    });
}

const FILES = walk(CORPUS);

/** Files that are not messages at all, which must be refused, each with why. None so far. */
const NOT_MESSAGES: Record<string, string> = {};

/** Where we read a message differently from mail-parser, `<file> <field>`, and why ours stands. */
const MAIL_PARSER_EXCEPTIONS: Record<string, string> = {
  "mail-parser-malformed/020.eml text":
    "the part has two Content-Type headers; we (mailsplit) take the first, multipart/alternative, so 'Plain Text' is its preamble; mail-parser takes the last",
  "mail-parser-malformed/021.eml text":
    "same two-Content-Type part as 020: mail-parser's text is the alternative's raw MIME (boundary and header lines), ours the decoded HTML",
  "mail-parser-thirdparty/007.eml from": "'Moderator-Address <moderator>' has no domain: not an address anyone can reply to, so we drop it",
};

/** The bounces of the corpus and the Message-IDs of the originals their reports carry. */
const BOUNCES: Record<string, string[]> = {
  "mail-gem/mime_emails/raw_email_with_mimepart_without_content_type.eml": ["<89d7557c0610181510r6fa5ebd8n66a7deec71ade118@mail.gmail.com>"],
  "mail-gem/multipart_report_emails/multi_address_bounce1.eml": ["<118707422.15521266992174819.JavaMail.root@lvmail01>"],
  "mail-gem/multipart_report_emails/multi_address_bounce2.eml": ["<118707422.15521266992174819.JavaMail.root@lvmail01>"],
  "mail-gem/multipart_report_emails/multipart_report_multiple_status.eml": ["<4c2a146147ac8_61ff157c4ec1652df@s.h.c.mail>"],
  "mail-gem/multipart_report_emails/report_422.eml": ["<15655788.13.1200472642578.JavaMail.Administrator@mail.ttttt.com.au>"],
  "mail-gem/multipart_report_emails/report_530.eml": ["<200712232303.lBNN3jDq002941@mail12.rrrr.com.au>"],
};

function read(file: string): Buffer {
  return readFileSync(path.join(CORPUS, file));
}

function expectWellFormed(mail: IncomingMail): void {
  expect(mail.text).not.toMatch(/[\r\u0000]/);
  if (mail.html !== null) {
    expect(mail.html).not.toMatch(/<\s*(script|style|iframe|object|embed|form|meta|link|base|svg)\b/i);
    expect(mail.html).not.toMatch(/\son\w+\s*=|javascript:|\ssrc\s*=\s*"(?!cid:)|url\s*\(/i);
  }
  const id = /^<[^<>\s]+>$/;
  for (const value of [mail.messageId, mail.inReplyTo, ...mail.references]) if (value !== null) expect(value).toMatch(id);
  const addresses = [mail.from, ...mail.to, ...mail.cc, ...mail.replyTo].filter((a): a is MailAddress => a !== null);
  for (const { address, name } of addresses) {
    expect(address).toBe(address.toLowerCase());
    expect(address).toMatch(/^[^\s@]+@[^\s@]+$/);
    expect(name).not.toBe("");
  }
  for (const name of Object.keys(mail.headers)) expect(name).toBe(name.toLowerCase());
  for (const attachment of mail.attachments) {
    expect(attachment.filename).toMatch(/^[^/\\\u0000-\u001f]+$/);
    expect(attachment.contentType).toBe(attachment.contentType.toLowerCase());
  }
}

describe("every corpus message", () => {
  it("is found", () => {
    expect(FILES.length).toBeGreaterThanOrEqual(150);
  });

  it.each(FILES)("%s parses", async (file) => {
    if (file in NOT_MESSAGES) {
      await expect(parseMessage(read(file))).rejects.toBeInstanceOf(MalformedMessageError);
      return;
    }
    expectWellFormed(await parseMessage(read(file)));
  });

  it("is a bounce exactly when it is a delivery report, with the original's Message-ID", async () => {
    const bounces: Record<string, string[]> = {};
    for (const file of FILES) {
      if (file in NOT_MESSAGES) continue;
      const mail = await parseMessage(read(file));
      if (mail.bounce) bounces[file] = mail.bounce.originalMessageIds;
    }
    expect(bounces).toEqual(BOUNCES);
  });
});

// --- mail-parser's reading -------------------------------------------------------------------

interface RustAddress {
  name: string | null;
  address: string | null;
}
interface RustHeader {
  name: string | { other: string };
  value: unknown;
}
interface RustPart {
  headers: RustHeader[];
  body: unknown;
}
interface RustMessage {
  text_body: number[];
  parts: RustPart[];
}

const normalise = (s: string) => s.replace(/[\u0000-\u001f\u007f\s]+/g, " ").trim();

function headerValues(message: RustMessage, name: string): unknown[] {
  return (message.parts[0]?.headers ?? []).filter((h) => h.name === name).map((h) => h.value);
}

/** `address|name` per mailbox; one without an address is not one mail-parser could give us. */
function rustAddresses(values: unknown[]): string[] {
  const list = values.flatMap((v) => (v as { Address?: { List?: RustAddress[] } }).Address?.List ?? []);
  return list.filter((a) => a.address !== null).map((a) => `${(a.address ?? "").toLowerCase()}|${normalise(a.name ?? "")}`);
}

const ours = (addresses: MailAddress[]) => addresses.map((a) => `${a.address}|${normalise(a.name ?? "")}`);

function rustTextLines(message: RustMessage): string[] {
  const texts = message.text_body.map((i) => (message.parts[i]?.body as { Text?: string }).Text).filter((t) => t !== undefined);
  return texts.join("\n").split("\n").map(normalise).filter((line) => line !== "");
}

function mismatches(file: string, message: RustMessage, mail: IncomingMail): string[] {
  const found: string[] = [];
  const subject = (headerValues(message, "subject")[0] as { Text?: string } | undefined)?.Text;
  if (subject !== undefined && normalise(subject) !== normalise(mail.subject)) found.push(`${file} subject`);
  const from = headerValues(message, "from");
  if (from.length > 0 && JSON.stringify(rustAddresses(from)) !== JSON.stringify(ours(mail.from ? [mail.from] : []))) found.push(`${file} from`);
  const to = headerValues(message, "to");
  if (to.length > 0 && JSON.stringify(rustAddresses(to)) !== JSON.stringify(ours(mail.to))) found.push(`${file} to`);
  // Every line of their text in ours: the same text, modulo how parts are joined.
  const text = normalise(mail.text);
  if (rustTextLines(message).some((line) => !text.includes(line))) found.push(`${file} text`);
  return found;
}

describe("agreement with mail-parser", () => {
  const withReadings = FILES.filter((f) => f.startsWith("mail-parser-"));

  it("has readings beside the messages", () => {
    expect(withReadings.length).toBeGreaterThanOrEqual(50);
  });

  it("agrees on subject, From, To and text, as read and with CRLF line ends, but for the listed exceptions", async () => {
    const found = new Set<string>();
    for (const file of withReadings) {
      const raw = read(file);
      // mail-parser also read each message with CRLF line ends (x.crlf.json): so do we.
      const crlf = Buffer.from(raw.toString("latin1").replace(/\r?\n/g, "\r\n"), "latin1");
      for (const [bytes, suffix] of [[raw, ".json"], [crlf, ".crlf.json"]] as const) {
        const message = JSON.parse(readFileSync(path.join(CORPUS, file.replace(/\.eml$/, suffix)), "utf8")) as RustMessage;
        for (const m of mismatches(file, message, await parseMessage(bytes))) found.add(m);
      }
    }
    expect([...found].sort()).toEqual(Object.keys(MAIL_PARSER_EXCEPTIONS).sort());
  });
});
