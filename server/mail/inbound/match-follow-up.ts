import { desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { articles, queues, tickets } from "../../../db/schema";
import { readConfig } from "../../config";
import type { IncomingMail } from "./incoming-mail";

export interface FollowUpTarget {
  ticketId: number;
  number: string;
  /** Closed after following merges, and what its queue does with follow-ups then. */
  closed: boolean;
  followUpPolicy: "possible" | "reject" | "new_ticket";
}

/** OTRS's subject hook: `Ticket#<number>` (or `Ticket#: <number>`) with this system's id. */
export function ticketNumbersInSubject(subject: string, systemId: string): string[] {
  const pattern = new RegExp(`Ticket#:?\\s*(\\d{8}${systemId}\\d{4,40})`, "gi");
  return [...subject.matchAll(pattern)].map((match) => match[1]!);
}

const MAX_MERGE_HOPS = 10;

/**
 * The ticket a message follows up, as OTRS's FollowUpCheck: a ticket number of this system
 * in the subject, then In-Reply-To and References (newest first) against the Message-IDs of
 * stored articles. A merged ticket is followed to the one it was merged into.
 */
export async function matchFollowUp(db: Db, mail: IncomingMail): Promise<FollowUpTarget | null> {
  let ticketId: number | null = null;
  const numbers = ticketNumbersInSubject(mail.subject, readConfig().HELPDESK_SYSTEM_ID);
  if (numbers.length > 0) {
    const found = await db.select({ id: tickets.id, number: tickets.number }).from(tickets).where(inArray(tickets.number, numbers));
    ticketId = numbers.map((number) => found.find((row) => row.number === number)).find(Boolean)?.id ?? null;
  }
  const messageIds = [...(mail.inReplyTo ? [mail.inReplyTo] : []), ...[...mail.references].reverse()];
  if (ticketId === null && messageIds.length > 0) {
    const found = await db.select({ ticketId: articles.ticketId, messageId: articles.messageId }).from(articles).where(inArray(articles.messageId, messageIds)).orderBy(desc(articles.id));
    ticketId = messageIds.map((id) => found.find((row) => row.messageId === id)).find(Boolean)?.ticketId ?? null;
  }
  if (ticketId === null) return null;
  return describeTarget(db, ticketId);
}

/** The ticket (after merges) that articles with these Message-IDs belong to: where a bounce goes. */
export async function ticketOfMessages(db: Db, messageIds: string[]): Promise<number | null> {
  if (messageIds.length === 0) return null;
  const [row] = await db.select({ ticketId: articles.ticketId }).from(articles).where(inArray(articles.messageId, messageIds)).orderBy(desc(articles.id)).limit(1);
  return row?.ticketId ?? null;
}

async function describeTarget(db: Db, ticketId: number): Promise<FollowUpTarget> {
  let id = ticketId;
  for (let hop = 0; ; hop++) {
    const [ticket] = await db
      .select({ id: tickets.id, number: tickets.number, stateType: tickets.stateType, mergedIntoId: tickets.mergedIntoId, policy: queues.followUpPolicy })
      .from(tickets)
      .innerJoin(queues, eq(queues.id, tickets.queueId))
      .where(eq(tickets.id, id));
    if (ticket!.stateType === "merged" && ticket!.mergedIntoId !== null && hop < MAX_MERGE_HOPS) {
      id = ticket!.mergedIntoId;
      continue;
    }
    return { ticketId: ticket!.id, number: ticket!.number, closed: ticket!.stateType === "closed", followUpPolicy: ticket!.policy };
  }
}
