import { inArray } from "drizzle-orm";
import MailComposer from "nodemailer/lib/mail-composer";
import type Mail from "nodemailer/lib/mailer";
import type { Db } from "../../../db/client";
import { attachments, type outbox } from "../../../db/schema";
import type { OutboundMessage } from "../queue-outbound-mail";
import type { RawMail } from "./mail-transport";

/** What building a message needs of its outbox row. */
export type OutboxRow = Pick<typeof outbox.$inferSelect, "messageId" | "message" | "createdAt">;

/**
 * Headers the composer writes from the message's own fields: a stored extra header may not
 * replace them, above all not the Message-ID that makes a resend recognisably the same mail.
 */
const STRUCTURAL_HEADERS = new Set([
  "from",
  "sender",
  "to",
  "cc",
  "bcc",
  "reply-to",
  "subject",
  "message-id",
  "in-reply-to",
  "references",
  "date",
  "mime-version",
  "content-type",
  "content-transfer-encoding",
]);

export class MissingAttachmentError extends Error {
  constructor(ids: number[]) {
    super(`attachment ${ids.join(", ")} of this message no longer exists`);
    this.name = "MissingAttachmentError";
  }
}

/**
 * The MIME message of an outbox row, exactly as queued: the stored Message-ID (never a fresh
 * one), the row's creation time as Date, and the article's attachments from the database.
 * Building it twice gives the same headers, so a resend after a crash is the same message.
 */
export async function buildMessage(db: Db, row: OutboxRow): Promise<RawMail> {
  const message = row.message as OutboundMessage;
  const date = row.createdAt;
  // `newline` is a MailComposer option that @types/nodemailer does not declare.
  const options: Mail.Options & { newline: "windows" } = {
    from: message.from,
    to: message.to,
    cc: message.cc.length > 0 ? message.cc : undefined,
    subject: message.subject,
    messageId: row.messageId,
    inReplyTo: message.inReplyTo ?? undefined,
    references: message.references.length > 0 ? message.references : undefined,
    date,
    headers: extraHeaders(message.headers),
    text: message.text,
    // Agents' text has bare LFs; on disk (`.eml`) and on the wire a message has CRLF throughout.
    newline: "windows",
    attachments: await loadAttachments(db, message.attachmentIds ?? []),
  };
  const node = new MailComposer(options).compile();
  const envelope = node.getEnvelope();
  if (!envelope.from) throw new Error(`no sender address in From: ${message.from}`);
  if (envelope.to.length === 0) throw new Error("no recipient address in To or Cc");
  const raw = await node.build();
  return { raw, envelope: { from: envelope.from, to: envelope.to }, messageId: row.messageId, date };
}

function extraHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  const extra: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (!STRUCTURAL_HEADERS.has(key.toLowerCase())) extra[key] = value;
  }
  return extra;
}

async function loadAttachments(db: Db, ids: number[]): Promise<Mail.Attachment[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({
      id: attachments.id,
      filename: attachments.filename,
      contentType: attachments.contentType,
      contentId: attachments.contentId,
      inline: attachments.inline,
      content: attachments.content,
    })
    .from(attachments)
    .where(inArray(attachments.id, ids));
  const byId = new Map(rows.map((row) => [row.id, row]));
  const missing = ids.filter((id) => !byId.has(id));
  if (missing.length > 0) throw new MissingAttachmentError(missing);
  // In the order the article lists them, which is the order the agent attached them.
  return ids.map((id) => {
    const row = byId.get(id)!;
    return {
      filename: row.filename,
      contentType: row.contentType,
      content: Buffer.from(row.content),
      contentDisposition: row.inline ? "inline" : "attachment",
      cid: row.contentId ? row.contentId.replace(/^<|>$/g, "") : undefined,
    };
  });
}
