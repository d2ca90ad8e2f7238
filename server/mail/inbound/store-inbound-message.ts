import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { prebuildQuery, runPrebuiltQuery } from "../../../db/prebuilt-query";
import { inboundMessages } from "../../../db/schema";

/** The largest message accepted, as CONTRACT.md's SMTP `552`. */
export const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

export type InboundSource = "smtp" | "pipe" | "imap";

export interface Envelope {
  mailFrom: string | null;
  rcptTo: string[];
}

const CRLF = Buffer.from("\r\n");
const LF = 0x0a;

/** Where the header block ends: the first empty line. */
function headerEnd(raw: Buffer): number {
  const crlf = raw.indexOf("\r\n\r\n");
  const lf = raw.indexOf("\n\n");
  if (crlf === -1 && lf === -1) return raw.length;
  if (crlf === -1) return lf + 2;
  if (lf === -1) return crlf + 4;
  return Math.min(crlf + 4, lf + 2);
}

/**
 * What identifies a message across redeliveries: its Message-ID, read straight from the header
 * block (no full parse before the sender is answered), and a hash of everything after the
 * headers, line endings normalised, since relays add headers and rewrite line endings — and
 * SMTP ends a message that lacks a final line break with one, so a body is hashed as ending
 * with one.
 */
export function messageIdentity(raw: Buffer): { messageId: string | null; bodyHash: string } {
  const end = headerEnd(raw);
  const headers = raw.subarray(0, end).toString("latin1").replace(/\r?\n[ \t]+/g, " ");
  const messageId = /^message-id:\s*(<[^<>\s]+>)/im.exec(headers)?.[1] ?? null;
  return { messageId, bodyHash: createHash("sha256").update(normalisedBody(raw.subarray(end))).digest("hex") };
}

/**
 * The body's bytes with each CRLF as LF, ending with a line break unless empty. Copied a line at
 * a time: as a string and a regular expression, a 200 KB message cost a few milliseconds.
 */
function normalisedBody(body: Buffer): Buffer {
  const out = Buffer.allocUnsafe(body.length + 1);
  let length = 0;
  let from = 0;
  for (let crlf = body.indexOf(CRLF); crlf !== -1; crlf = body.indexOf(CRLF, from)) {
    length += body.copy(out, length, from, crlf);
    out[length++] = LF;
    from = crlf + 2;
  }
  length += body.copy(out, length, from);
  if (length > 0 && out[length - 1] !== LF) out[length++] = LF;
  return out.subarray(0, length);
}

// Run for every message received: built once.
const storeQuery = prebuildQuery(sql`
  insert into ${inboundMessages} (raw, size, source, envelope, message_id, body_hash)
  values (${sql.placeholder("raw")}, ${sql.placeholder("size")}, ${sql.placeholder("source")}, ${sql.placeholder("envelope")}::jsonb, ${sql.placeholder("messageId")}, ${sql.placeholder("bodyHash")})
  returning id`);

/**
 * Stores a received message, raw, before the sender is told it arrived: from here on it is
 * never lost, whatever happens to its processing. One statement, committed on its own: whoever
 * stored it processes it next, and the inbound processor picks up what a crash left `new`.
 */
export async function storeInboundMessage(db: Db, input: { raw: Buffer; source: InboundSource; envelope: Envelope }): Promise<{ id: number }> {
  const identity = messageIdentity(input.raw);
  const [row] = await runPrebuiltQuery<{ id: string }>(db, storeQuery, {
    raw: input.raw,
    size: input.raw.length,
    source: input.source,
    envelope: JSON.stringify(input.envelope),
    ...identity,
  });
  // A bigserial: postgres.js hands int8 over as text.
  return { id: Number(row!.id) };
}
