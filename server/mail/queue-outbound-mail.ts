import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { outbox } from "../../db/schema";

/** What the outbox worker sends; stored as JSON in the row, fixed when the article is written. */
export interface OutboundMessage {
  from: string;
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  inReplyTo: string | null;
  references: string[];
  headers: Record<string, string>;
  /** Attachments of the article, sent with it. */
  attachmentIds: number[];
}

/**
 * Queues a message in the caller's transaction, so that an article and its mail commit
 * together: delivery is the outbox worker's, at least once, with this Message-ID.
 */
export async function queueOutboundMail(
  tx: Db,
  input: { ticketId: number; articleId: number | null; messageId: string; message: OutboundMessage; kind?: string; recipient?: string },
): Promise<number> {
  const recipient = (input.recipient ?? input.message.to[0] ?? "").toLowerCase();
  // The NOTIFY is delivered on commit, so the outbox worker wakes for a row it can already see.
  const [row] = await tx.execute<{ id: number }>(sql`
    with queued as (
      insert into ${outbox} (ticket_id, article_id, message_id, message, kind, recipient)
      values (${input.ticketId}, ${input.articleId}, ${input.messageId}, ${JSON.stringify(input.message)}::jsonb, ${input.kind ?? "reply"}, ${recipient})
      returning id)
    select id, pg_notify('helpdesk_outbox', id::text) from queued`);
  return row!.id;
}
