import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { prebuildQuery, runPrebuiltQuery } from "../../db/prebuilt-query";
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

export interface QueuedMail {
  ticketId: number;
  messageId: string;
  message: OutboundMessage;
  kind?: string;
  recipient?: string;
}

/**
 * The CTE `queued` that inserts an outbox row, its article given by `articleId` (a placeholder,
 * or a scalar subquery on an earlier part of the statement), the rest by the placeholders of
 * `queuedMailValues`. The statement selects `announceQueued` from it: the NOTIFY is delivered
 * on commit, so the outbox worker wakes for a row it can already see.
 */
export function queuedMailCte(articleId: SQL): SQL {
  const value = (name: keyof ReturnType<typeof queuedMailValues>) => sql.placeholder(name);
  return sql`queued as (
    insert into ${outbox} (ticket_id, article_id, message_id, message, kind, recipient)
    values (${value("outboxTicketId")}, ${articleId}, ${value("outboxMessageId")}, ${value("outboxMessage")}::jsonb, ${value("outboxKind")}, ${value("outboxRecipient")})
    returning id)`;
}

export const announceQueued = sql`pg_notify('helpdesk_outbox', queued.id::text)`;

/** The placeholders of `queuedMailCte`. */
export function queuedMailValues(input: QueuedMail) {
  return {
    outboxTicketId: input.ticketId,
    outboxMessageId: input.messageId,
    outboxMessage: JSON.stringify(input.message),
    outboxKind: input.kind ?? "reply",
    outboxRecipient: (input.recipient ?? input.message.to[0] ?? "").toLowerCase(),
  };
}

// Run for every reply, auto response and notification mail: built once.
const queueQuery = prebuildQuery(sql`with ${queuedMailCte(sql`${sql.placeholder("articleId")}`)} select queued.id, ${announceQueued} from queued`);

/**
 * Queues a message in the caller's transaction, so that an article and its mail commit
 * together: delivery is the outbox worker's, at least once, with this Message-ID.
 */
export async function queueOutboundMail(tx: Db, input: QueuedMail & { articleId: number | null }): Promise<number> {
  const [row] = await runPrebuiltQuery<{ id: number }>(tx, queueQuery, { articleId: input.articleId, ...queuedMailValues(input) });
  return row!.id;
}
