import { eq, sql } from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import type { Db } from "../../../db/client";
import { tickets } from "../../../db/schema";
import { insertArticle } from "../articles";
import type { ArticleSummary } from "../history";
import { withSearchWords } from "../search-vector";
import type { MailArrival } from "./mail-arrival";

/** Stores the message as an `email_in` article of the ticket, from the customer (or the system, for a bounce). */
export async function storeIncomingArticle(tx: Db, ticketId: number, arrival: MailArrival, senderType: "customer" | "system" = "customer"): Promise<{ id: number; summary: ArticleSummary }> {
  const { article } = arrival;
  const stored = await insertArticle(tx, {
    ticketId,
    kind: "email_in",
    senderType,
    from: article.from,
    replyTo: article.replyTo,
    to: article.to,
    cc: article.cc,
    subject: article.subject,
    bodyText: article.bodyText,
    bodyHtml: article.bodyHtml,
    messageId: article.messageId,
    inReplyTo: article.inReplyTo,
    references: article.references,
    visibleToCustomer: true,
    createdBy: null,
    inboundMessageId: arrival.inbound.id,
    attachments: article.attachments,
  });
  return { id: stored.id, summary: stored.summary };
}

/** A change made by the system (no agent): the ticket's columns, its words for search, and its version, at once. */
export async function updateTicketAsSystem(tx: Db, ticketId: number, values: Omit<PgUpdateSetSource<typeof tickets>, "version" | "updatedAt">, searchText?: string): Promise<void> {
  await tx
    .update(tickets)
    .set({ ...values, ...(searchText ? { searchVector: withSearchWords(searchText) } : {}), version: sql`${tickets.version} + 1`, updatedAt: sql`now()` })
    .where(eq(tickets.id, ticketId));
}
