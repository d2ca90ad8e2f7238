import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { MailAddress } from "../../server/mail/inbound/incoming-mail";

/*
 * The shared real-world mail corpus (../shared/corpus/mail, see its README) and the readings
 * the Rust mail-parser left beside its messages: read in place, never copied into the project.
 */
export const CORPUS = path.resolve("../shared/corpus/mail");

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) return walk(full);
      return name.endsWith(".eml") ? [path.relative(CORPUS, full)] : [];
    });
}

/** Every `.eml` of the corpus, relative to it, in a stable order. */
export function corpusFiles(): string[] {
  return walk(CORPUS);
}

export function readCorpusFile(file: string): Buffer {
  return readFileSync(path.join(CORPUS, file));
}

/** Whether mail-parser left its reading beside the message. */
export const hasMailParserReading = (file: string) => file.startsWith("mail-parser-");

/** Where we read a message differently from mail-parser, `<file> <field>`, and why ours stands. */
export const MAIL_PARSER_EXCEPTIONS: Record<string, string> = {
  "mail-parser-malformed/020.eml text":
    "the part has two Content-Type headers; we (mailsplit) take the first, multipart/alternative, so 'Plain Text' is its preamble; mail-parser takes the last",
  "mail-parser-malformed/021.eml text":
    "same two-Content-Type part as 020: mail-parser's text is the alternative's raw MIME (boundary and header lines), ours the decoded HTML",
  "mail-parser-thirdparty/007.eml from": "'Moderator-Address <moderator>' has no domain: not an address anyone can reply to, so we drop it",
};

/** The bounces of the corpus and the Message-IDs of the originals their reports carry. */
export const CORPUS_BOUNCES: Record<string, string[]> = {
  "mail-gem/mime_emails/raw_email_with_mimepart_without_content_type.eml": ["<89d7557c0610181510r6fa5ebd8n66a7deec71ade118@mail.gmail.com>"],
  "mail-gem/multipart_report_emails/multi_address_bounce1.eml": ["<118707422.15521266992174819.JavaMail.root@lvmail01>"],
  "mail-gem/multipart_report_emails/multi_address_bounce2.eml": ["<118707422.15521266992174819.JavaMail.root@lvmail01>"],
  "mail-gem/multipart_report_emails/multipart_report_multiple_status.eml": ["<4c2a146147ac8_61ff157c4ec1652df@s.h.c.mail>"],
  "mail-gem/multipart_report_emails/report_422.eml": ["<15655788.13.1200472642578.JavaMail.Administrator@mail.ttttt.com.au>"],
  "mail-gem/multipart_report_emails/report_530.eml": ["<200712232303.lBNN3jDq002941@mail12.rrrr.com.au>"],
};

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

/** How two readings are compared: control characters and runs of blanks are one space. */
export const normalise = (s: string) => s.replace(/[\u0000-\u001f\u007f\s]+/g, " ").trim();

/** A message as mail-parser read it: mailboxes as `address|name`, null where the header is absent. */
export interface MailParserReading {
  subject: string | null;
  from: string[] | null;
  to: string[] | null;
  textLines: string[];
}

function headerValues(message: RustMessage, name: string): unknown[] {
  return (message.parts[0]?.headers ?? []).filter((h) => h.name === name).map((h) => h.value);
}

/** `address|name` per mailbox; one without an address is not one mail-parser could give us. */
function rustAddresses(values: unknown[]): string[] | null {
  if (values.length === 0) return null;
  const list = values.flatMap((v) => (v as { Address?: { List?: RustAddress[] } }).Address?.List ?? []);
  return list.filter((a) => a.address !== null).map((a) => `${(a.address ?? "").toLowerCase()}|${normalise(a.name ?? "")}`);
}

/** mail-parser's reading of a corpus message: `.json` as read, `.crlf.json` with CRLF line ends. */
export function mailParserReading(file: string, suffix: ".json" | ".crlf.json" = ".json"): MailParserReading {
  const message = JSON.parse(readFileSync(path.join(CORPUS, file.replace(/\.eml$/, suffix)), "utf8")) as RustMessage;
  const subject = (headerValues(message, "subject")[0] as { Text?: string } | undefined)?.Text;
  const texts = message.text_body.map((i) => (message.parts[i]?.body as { Text?: string }).Text).filter((t) => t !== undefined);
  return {
    subject: subject ?? null,
    from: rustAddresses(headerValues(message, "from")),
    to: rustAddresses(headerValues(message, "to")),
    textLines: texts.join("\n").split("\n").map(normalise).filter((line) => line !== ""),
  };
}

export const mailboxKeys = (addresses: MailAddress[]) => addresses.map((a) => `${a.address}|${normalise(a.name ?? "")}`);

/** Our reading of a message, in the terms of `mailParserReading`; `to: null` leaves To out. */
export interface OurReading {
  subject: string;
  from: MailAddress | null;
  to: MailAddress[] | null;
  text: string;
}

/** The fields, as `<file> <field>`, where our reading disagrees with mail-parser's. */
export function readingMismatches(file: string, reading: MailParserReading, ours: OurReading): string[] {
  const found: string[] = [];
  if (reading.subject !== null && normalise(reading.subject) !== normalise(ours.subject)) found.push(`${file} subject`);
  if (reading.from !== null && JSON.stringify(reading.from) !== JSON.stringify(mailboxKeys(ours.from ? [ours.from] : []))) found.push(`${file} from`);
  if (reading.to !== null && ours.to !== null && JSON.stringify(reading.to) !== JSON.stringify(mailboxKeys(ours.to))) found.push(`${file} to`);
  // Every line of their text in ours: the same text, modulo how parts are joined.
  const text = normalise(ours.text);
  if (reading.textLines.some((line) => !text.includes(line))) found.push(`${file} text`);
  return found;
}
