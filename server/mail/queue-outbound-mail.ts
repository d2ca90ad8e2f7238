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
export async function queueOutboundMail(tx: Db, input: { ticketId: number; articleId: number | null; messageId: string; message: OutboundMessage }): Promise<number> {
  const [row] = await tx.insert(outbox).values(input).returning({ id: outbox.id });
  return row!.id;
}
