import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { inboundMessages } from "../../../db/schema";

/** The largest message accepted, as CONTRACT.md's SMTP `552`. */
export const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

export type InboundSource = "smtp" | "pipe" | "imap";

export interface Envelope {
  mailFrom: string | null;
  rcptTo: string[];
}

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
  const lines = raw.subarray(end).toString("latin1").replace(/\r\n/g, "\n");
  const body = lines === "" || lines.endsWith("\n") ? lines : `${lines}\n`;
  return { messageId, bodyHash: createHash("sha256").update(body, "latin1").digest("hex") };
}

/**
 * Stores a received message, raw, before the sender is told it arrived: from here on it is
 * never lost, whatever happens to its processing. Announced on `helpdesk_inbound`.
 */
export async function storeInboundMessage(db: Db, input: { raw: Buffer; source: InboundSource; envelope: Envelope }): Promise<{ id: number }> {
  const identity = messageIdentity(input.raw);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(inboundMessages)
      .values({ raw: input.raw, size: input.raw.length, source: input.source, envelope: input.envelope, messageId: identity.messageId, bodyHash: identity.bodyHash })
      .returning({ id: inboundMessages.id });
    await tx.execute(sql`select pg_notify('helpdesk_inbound', ${String(row!.id)})`);
    return { id: row!.id };
  });
}
