import { eq, sql } from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import type { Db } from "../../../db/client";
import { tickets } from "../../../db/schema";
import { insertArticle, type NewArticle } from "../articles";
import type { ArticleSummary } from "../history";
import { withSearchWords } from "../search-vector";
import type { MailArrival } from "./mail-arrival";

/** The message as an `email_in` article, from the customer (or the system, for a bounce), for any ticket. */
export function incomingArticle(arrival: MailArrival, senderType: "customer" | "system" = "customer"): Omit<NewArticle, "ticketId"> {
  return { ...arrival.article, kind: "email_in", senderType, visibleToCustomer: true, createdBy: null, inboundMessageId: arrival.inbound.id };
}

/** Stores the message as an `email_in` article of the ticket. */
export async function storeIncomingArticle(tx: Db, ticketId: number, arrival: MailArrival, senderType: "customer" | "system" = "customer"): Promise<{ id: number; summary: ArticleSummary }> {
  const stored = await insertArticle(tx, { ...incomingArticle(arrival, senderType), ticketId });
  return { id: stored.id, summary: stored.summary };
}

/** A change made by the system (no agent): the ticket's columns, its words for search, and its version, at once. */
export async function updateTicketAsSystem(tx: Db, ticketId: number, values: Omit<PgUpdateSetSource<typeof tickets>, "version" | "updatedAt">, searchText?: string): Promise<void> {
  await tx
    .update(tickets)
    .set({ ...values, ...(searchText ? { searchVector: withSearchWords(searchText) } : {}), version: sql`${tickets.version} + 1`, updatedAt: sql`now()` })
    .where(eq(tickets.id, ticketId));
}
