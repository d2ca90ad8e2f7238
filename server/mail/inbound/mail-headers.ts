import libmime from "libmime";
import { parseAddressHeader, type EmailAddress, type HeaderLines } from "mailparser";
import type { MailAddress } from "./incoming-mail";

/**
 * One header occurrence: `text` with its encoded words decoded (what people read), and `raw`
 * before that step, which address parsing needs: a decoded display name may hold the commas
 * and angle brackets that would otherwise split or redirect the address.
 */
export interface HeaderField {
  name: string;
  raw: string;
  text: string;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });
// windows-1252 rather than latin1: it is what "8-bit" headers from old Windows clients are,
// and it is a superset of latin1's printable range.
const windows1252 = new TextDecoder("windows-1252");

/** For raw 8-bit headers that are not UTF-8: the charset the message declares for its body, if known. */
function legacyDecoder(charset: string | undefined): TextDecoder {
  if (!charset || /^(?:utf-?8|us-ascii|ascii)$/i.test(charset)) return windows1252;
  try {
    return new TextDecoder(charset);
  } catch {
    return windows1252;
  }
}

// C0 controls (tab aside) and DEL never belong in a header value; NUL in particular breaks
// PostgreSQL text columns.
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/g;

/** Header bytes arrive as a binary string: undeclared 8-bit text is UTF-8 if it decodes as such. */
function decodeEightBit(binary: string, legacy: TextDecoder): string {
  if (!/[\u0080-\u00ff]/.test(binary)) return binary;
  const bytes = Buffer.from(binary, "latin1");
  try {
    return utf8.decode(bytes);
  } catch {
    return legacy.decode(bytes);
  }
}

function decodeWords(value: string): string {
  try {
    return libmime.decodeWords(value);
  } catch {
    return value;
  }
}

/**
 * Every header line of a part, in order, unfolded and decoded. `charset` is the body's
 * declared charset, the best guess for raw 8-bit header bytes that are not UTF-8.
 */
export function readHeaderFields(lines: HeaderLines | undefined, charset?: string): HeaderField[] {
  const legacy = legacyDecoder(charset);
  const fields: HeaderField[] = [];
  for (const { line } of lines ?? []) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!name || /[^\x21-\x7e]/.test(name)) continue;
    const raw = decodeEightBit(line.slice(colon + 1).replace(/\r?\n(?=[ \t])/g, ""), legacy)
      .replace(CONTROL, "")
      .trim();
    fields.push({ name, raw, text: decodeWords(raw).replace(CONTROL, "").trim() });
  }
  return fields;
}

/** The `headers` record: a null prototype, as header names are chosen by the sender (`__proto__`). */
export function headerRecord(fields: HeaderField[]): Record<string, string[]> {
  const record = Object.create(null) as Record<string, string[]>;
  for (const field of fields) {
    const values = record[field.name] ?? [];
    values.push(field.text);
    record[field.name] = values;
  }
  return record;
}

export function rawValues(fields: HeaderField[], name: string): string[] {
  return fields.filter((f) => f.name === name).map((f) => f.raw);
}

export function firstText(fields: HeaderField[], name: string): string | null {
  return fields.find((f) => f.name === name)?.text ?? null;
}

const MESSAGE_ID = /<([^<>\s]+)>/g;

/**
 * The first `<id>` of a value; a bare `local@domain` gets its brackets, as some clients omit
 * them. Anything else (comments, "Your message of …" prose, empty values) is not an id.
 */
export function normaliseMessageId(value: string | null | undefined): string | null {
  if (!value) return null;
  const bracketed = value.match(/<([^<>\s]+)>/);
  if (bracketed?.[1]) return `<${bracketed[1]}>`;
  const bare = value.trim();
  return /^[^<>\s@]+@[^<>\s@]+$/.test(bare) ? `<${bare}>` : null;
}

/** Every `<id>` of the values, in order, each once; the junk between them is dropped. */
export function messageIdList(values: string[]): string[] {
  const ids: string[] = [];
  for (const value of values) {
    for (const match of value.matchAll(MESSAGE_ID)) {
      const id = `<${match[1] ?? ""}>`;
      if (!ids.includes(id)) ids.push(id);
    }
  }
  return ids;
}

// Deliberately loose on the characters (Unicode local parts and domains are real), strict on
// the shape: one `@`, no whitespace, nothing that belongs to address syntax rather than to an
// address. What fails is not a mailbox anyone could reply to.
const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+$/u;

function flatten(entries: EmailAddress[], out: MailAddress[]): void {
  for (const entry of entries) {
    if (entry.group) {
      flatten(entry.group, out);
      continue;
    }
    const address = (entry.address ?? "").trim().toLowerCase();
    if (!ADDRESS.test(address)) continue;
    const name = entry.name.replace(CONTROL, "").trim();
    out.push({ address, name: name === "" ? null : name });
  }
}

/** The mailboxes of address header values, groups flattened, invalid entries dropped. */
export function parseAddresses(values: string[]): MailAddress[] {
  const out: MailAddress[] = [];
  for (const value of values) {
    try {
      flatten(parseAddressHeader(value).value, out);
    } catch {
      // An unparseable header names nobody; the other values still count.
    }
  }
  return out;
}

/** A date the sender's clock claims, or null when the header says nothing parseable. */
export function parseDate(value: string | null): Date | null {
  if (!value) return null;
  const date = new Date(value.replace(/\s*\([^)]*\)\s*$/, ""));
  return Number.isNaN(date.getTime()) ? null : date;
}
