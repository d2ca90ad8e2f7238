import { eq } from "drizzle-orm";
import type { Database, Db } from "../../../db/client";
import { queues, ticketLinks, tickets } from "../../../db/schema";
import { queueAutoResponse, type AutoResponseType } from "../../mail/auto-response";
import { notifyAgents } from "../../notifications/notify-agents";
import { queueAgentIds } from "../../notifications/queue-agents";
import { findOrCreateCustomer } from "../../customers/find-or-create-customer";
import type { HistoryEntry } from "../history";
import { searchWords } from "../search-vector";
import { storeIncomingArticle } from "./incoming-article";
import { inInboundTransaction } from "./inbound-transaction";
import type { MailArrival, ReceiveOutcome } from "./mail-arrival";

export interface NewTicketRoute {
  queueId: number;
  priority: number;
  /** Drawn before the transaction (see allocateTicketNumber). */
  number: string;
}

const MAX_TITLE = 255;

/** A mail's subject as a ticket title: the subject, or its first words, or a placeholder. */
export function titleFromMail(subject: string, text: string): string {
  const title = (subject.trim() || text.trim().split("\n")[0]?.trim() || "(no subject)").replace(/\s+/g, " ");
  return title.length > MAX_TITLE ? `${title.slice(0, MAX_TITLE - 1)}…` : title;
}

/**
 * Opens a ticket for a message inside the caller's inbound transaction: new, unlocked, no
 * owner; the customer's mail its first article; the queue's agents told; the auto reply
 * queued (or, for a follow-up to a closed ticket that becomes a new one, its auto response).
 */
export async function openTicketFromMail(
  tx: Db,
  arrival: MailArrival,
  route: NewTicketRoute,
  options: { title?: string; linkFrom?: number; autoResponse?: AutoResponseType } = {},
): Promise<{ ticketId: number; articleId: number; history: HistoryEntry[] }> {
  const customer = await findOrCreateCustomer(tx, { email: arrival.customer.email, name: arrival.customer.name ?? undefined });
  const title = options.title ?? titleFromMail(arrival.article.subject, arrival.article.bodyText);
  const [ticket] = await tx
    .insert(tickets)
    .values({
      number: route.number,
      title,
      queueId: route.queueId,
      state: "new",
      stateType: "new",
      priority: route.priority,
      customerId: customer.id,
      searchVector: searchWords(`${title} ${arrival.article.subject} ${arrival.article.bodyText}`),
    })
    .returning({ id: tickets.id });
  const ticketId = ticket!.id;
  const article = await storeIncomingArticle(tx, ticketId, arrival);
  // Statements that do not wait for each other's answers go to the database in one flight.
  const [[queue], agentIds] = await Promise.all([
    tx.select({ name: queues.name }).from(queues).where(eq(queues.id, route.queueId)),
    queueAgentIds(tx, route.queueId),
    options.linkFrom === undefined ? null : tx.insert(ticketLinks).values({ sourceTicketId: options.linkFrom, targetTicketId: ticketId, kind: "normal" }),
  ]);
  const [notifications, reply] = await Promise.all([
    notifyAgents(tx, { agentIds, ticketId, kind: "new_ticket", text: `New ticket ${route.number} in ${queue!.name}: ${title}`, byMail: true }),
    queueAutoResponse(tx, {
      ticketId,
      type: options.autoResponse ?? "reply",
      allowed: arrival.autoRespond,
      respondTo: arrival.respondTo,
      inReplyTo: arrival.article.messageId,
      references: arrival.article.references?.split(/\s+/).filter(Boolean) ?? [],
    }),
  ]);
  const history: HistoryEntry[] = [
    { ticketId, type: "NewTicket", name: `${route.number} in ${queue!.name} from ${arrival.customer.email}`, data: { notifications } },
    { ticketId, type: "EmailCustomer", name: arrival.article.subject, articleId: article.id, data: { article: article.summary } },
  ];
  if (reply) history.push(reply);
  return { ticketId, articleId: article.id, history };
}

/** A message that starts a new ticket. */
export async function receiveNewTicket(db: Database, arrival: MailArrival, route: NewTicketRoute): Promise<ReceiveOutcome> {
  return inInboundTransaction(db, arrival.inbound, async (tx) => {
    const opened = await openTicketFromMail(tx, arrival, route);
    return { outcome: { kind: "new_ticket", ticketId: opened.ticketId, articleId: opened.articleId }, history: opened.history };
  });
}

