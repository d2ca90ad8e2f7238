import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { inboundMessages } from "../../db/schema";
import { processInboundMessage, type ProcessResult } from "../../server/mail/inbound/process-inbound-message";
import { storeInboundMessage, type Envelope } from "../../server/mail/inbound/store-inbound-message";

export interface TestMail {
  from?: string;
  to?: string;
  cc?: string;
  subject?: string;
  text?: string;
  messageId?: string | null;
  inReplyTo?: string;
  references?: string;
  replyTo?: string;
  headers?: Record<string, string>;
}

export const newMessageId = () => `<${randomBytes(6).toString("hex")}@mail.customer.example>`;

/** A plain RFC 822 message, as a customer's mail client would send it. */
export function buildMail(mail: TestMail = {}): Buffer {
  const messageId = mail.messageId === undefined ? newMessageId() : mail.messageId;
  const lines = [
    `From: ${mail.from ?? "Bob Baker <bob@customer.example>"}`,
    `To: ${mail.to ?? "support@example.com"}`,
    ...(mail.cc ? [`Cc: ${mail.cc}`] : []),
    ...(mail.replyTo ? [`Reply-To: ${mail.replyTo}`] : []),
    `Subject: ${mail.subject ?? "Printer on fire"}`,
    "Date: Fri, 27 Nov 2026 10:00:00 +0000",
    ...(messageId ? [`Message-ID: ${messageId}`] : []),
    ...(mail.inReplyTo ? [`In-Reply-To: ${mail.inReplyTo}`] : []),
    ...(mail.references ? [`References: ${mail.references}`] : []),
    ...Object.entries(mail.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    mail.text ?? "The printer in room 4 is on fire.",
    "",
  ];
  return Buffer.from(lines.join("\r\n"));
}

/** Stores a message as the SMTP server would and processes it in this thread. */
export async function deliver(db: Database, raw: Buffer, envelope: Envelope = { mailFrom: null, rcptTo: [] }): Promise<ProcessResult & { id: number }> {
  const { id } = await storeInboundMessage(db, { raw, source: "smtp", envelope });
  return { id, ...(await processInboundMessage(db, id)) };
}

export async function inboundRow(db: Database, id: number) {
  const [row] = await db.select().from(inboundMessages).where(eq(inboundMessages.id, id));
  return row!;
}
