import { sql } from "drizzle-orm";
import type { Database, Db } from "../../../db/client";
import { queues, ticketLinks, tickets } from "../../../db/schema";
import { prebuildQuery, runPrebuiltQuery } from "../../../db/prebuilt-query";
import { customerUpsert, customerValues } from "../../customers/find-or-create-customer";
import { autoResponseSettingQuery, autoResponseSettingValues, queueAutoResponse, type AutoResponseRequest, type AutoResponseSetting, type AutoResponseType } from "../../mail/auto-response";
import { notifyAgents } from "../../notifications/notify-agents";
import { queueAgentsQuery } from "../../notifications/queue-agents";
import type { HistoryEntry } from "../history";
import { searchWords } from "../search-vector";
import { articleInsert, articleValues, insertAttachments, storedArticle, type InsertedArticleRow } from "../articles";
import { incomingArticle } from "./incoming-article";
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

const queueId = sql`${sql.placeholder("queueId")}`;

// A new ticket's first statement: its customer, the ticket, the customer's mail as its first
// article, and what is read of its queue (name, agents to tell, auto response).
const openTicketQuery = prebuildQuery(sql`
  with customer as (${customerUpsert()}),
  ticket as (
    insert into ${tickets} (number, title, queue_id, state, state_type, priority, customer_id, search_vector)
    values (${sql.placeholder("number")}, ${sql.placeholder("title")}, ${queueId}, 'new', 'new', ${sql.placeholder("priority")},
      (select id from customer), ${searchWords(sql.placeholder("searchText"))})
    returning id, customer_id),
  article as (${articleInsert(sql`(select id from ticket)`)})
  select ticket.id as "ticketId", ticket.customer_id as "customerId", article.id as "articleId", article."createdAt", q.name as "queueName",
    array(select id from (${queueAgentsQuery(queueId)}) agents order by id) as "agentIds",
    (select row_to_json(setting) from (${autoResponseSettingQuery(queueId)}) setting) as "autoResponse"
  from ticket, article, ${queues} q where q.id = ${queueId}`);

interface OpenedRow extends InsertedArticleRow {
  ticketId: number;
  customerId: number;
  articleId: number;
  queueName: string;
  agentIds: number[];
  autoResponse: AutoResponseSetting | null;
}

/**
 * Opens a ticket for a message inside the caller's inbound transaction: new, unlocked, no
 * owner; the customer's mail its first article; the queue's agents told; the auto reply
 * queued (or, for a follow-up to a closed ticket that becomes a new one, its auto response).
 * Three flights: the ticket with what is read of the queue (one statement), then what is read
 * of the new ticket, then the notifications and the auto response.
 */
export async function openTicketFromMail(
  tx: Db,
  arrival: MailArrival,
  route: NewTicketRoute,
  options: { title?: string; linkFrom?: number; autoResponse?: AutoResponseType } = {},
): Promise<{ ticketId: number; articleId: number; history: HistoryEntry[] }> {
  const title = options.title ?? titleFromMail(arrival.article.subject, arrival.article.bodyText);
  const article = incomingArticle(arrival);
  const request: AutoResponseRequest = {
    type: options.autoResponse ?? "reply",
    allowed: arrival.autoRespond,
    respondTo: arrival.respondTo,
    inReplyTo: arrival.article.messageId,
    references: arrival.article.references?.split(/\s+/).filter(Boolean) ?? [],
  };
  const [opened] = await runPrebuiltQuery<OpenedRow>(tx, openTicketQuery, {
    ...customerValues({ email: arrival.customer.email, name: arrival.customer.name ?? undefined }),
    number: route.number,
    title,
    queueId: route.queueId,
    priority: route.priority,
    searchText: `${title} ${arrival.article.subject} ${arrival.article.bodyText}`,
    ...articleValues(article),
    ...autoResponseSettingValues(request),
  });
  const { ticketId, customerId, articleId, queueName, agentIds, autoResponse } = opened!;
  const ticket = { id: ticketId, number: route.number, title, queueId: route.queueId, customerId, ownerId: null };
  const [notifications, reply, attachmentIds] = await Promise.all([
    notifyAgents(tx, { agentIds, ticketId, kind: "new_ticket", text: `New ticket ${route.number} in ${queueName}: ${title}`, byMail: true }),
    queueAutoResponse(tx, ticket, request, autoResponse),
    insertAttachments(tx, articleId, arrival.article.attachments),
    options.linkFrom === undefined ? null : tx.insert(ticketLinks).values({ sourceTicketId: options.linkFrom, targetTicketId: ticketId, kind: "normal" }),
  ]);
  const stored = storedArticle({ ...article, ticketId }, { id: articleId, createdAt: opened!.createdAt }, attachmentIds);
  const history: HistoryEntry[] = [
    { ticketId, type: "NewTicket", name: `${route.number} in ${queueName} from ${arrival.customer.email}`, data: { notifications } },
    { ticketId, type: "EmailCustomer", name: arrival.article.subject, articleId, data: { article: stored.summary } },
  ];
  if (reply) history.push(reply);
  return { ticketId, articleId, history };
}

/** A message that starts a new ticket. */
export async function receiveNewTicket(db: Database, arrival: MailArrival, route: NewTicketRoute): Promise<ReceiveOutcome> {
  return inInboundTransaction(db, arrival.inbound, async (tx) => {
    const opened = await openTicketFromMail(tx, arrival, route);
    return { outcome: { kind: "new_ticket", ticketId: opened.ticketId, articleId: opened.articleId }, history: opened.history };
  });
}

