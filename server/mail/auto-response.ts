import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { prebuildQuery, runPrebuiltQuery } from "../../db/prebuilt-query";
import { autoResponses, outbox, queueAutoResponses, queues } from "../../db/schema";
import { buildTemplateContext } from "../templates/template-context";
import { renderTemplate } from "../templates/render-template";
import { articleInsert, articleValues, storedArticle, type InsertedArticleRow, type NewArticle } from "../tickets/articles";
import type { HistoryEntry } from "../tickets/history";
import type { TicketRow } from "../tickets/ticket-change";
import { formatAddress, newMessageId, taggedSubject } from "./compose";
import { announceQueued, queuedMailCte, queuedMailValues, type QueuedMail } from "./queue-outbound-mail";

export type AutoResponseType = "reply" | "reject" | "follow_up" | "reply_new_ticket";

/** OTRS's PostmasterMaxEmails: auto mails to one address per day. */
export const MAX_AUTO_MAILS_PER_DAY = 40;

const HISTORY_TYPE = { reply: "SendAutoReply", reject: "SendAutoReject", follow_up: "SendAutoFollowUp", reply_new_ticket: "SendAutoReply" } as const;

export interface AutoResponseRequest {
  type: AutoResponseType;
  /** Loop protection's verdict on the message being answered. */
  allowed: boolean;
  respondTo: string;
  /** The message being answered. */
  inReplyTo: string | null;
  references: string[];
}

/** The queue's auto response of a type, and how many auto mails its recipient had today. */
export interface AutoResponseSetting {
  queueName: string;
  systemAddress: string | null;
  enabled: boolean;
  subject: string | null;
  body: string | null;
  sentToday: number;
}

/**
 * The `AutoResponseSetting` of the queue `queueId`, with placeholders `autoResponseType` and
 * `autoResponseRecipient` (`autoResponseSettingValues`): a new ticket's first statement reads it.
 */
export function autoResponseSettingQuery(queueId: SQL): SQL {
  return sql`
    select q.name as "queueName", q.system_address as "systemAddress", q.auto_responses_enabled as enabled, r.subject, r.body,
      (select count(*)::int from ${outbox} o
        where o.recipient = ${sql.placeholder("autoResponseRecipient")} and o.kind like 'auto%' and o.created_at > now() - interval '1 day') as "sentToday"
    from ${queues} q
    left join ${queueAutoResponses} qr on qr.queue_id = q.id and qr.type = ${sql.placeholder("autoResponseType")}
    left join ${autoResponses} r on r.id = qr.auto_response_id and r.valid
    where q.id = ${queueId}`;
}

/** The placeholders of `autoResponseSettingQuery`. */
export function autoResponseSettingValues(request: AutoResponseRequest) {
  return { autoResponseType: request.type, autoResponseRecipient: request.respondTo.toLowerCase() };
}

const settingQuery = prebuildQuery(autoResponseSettingQuery(sql`${sql.placeholder("queueId")}`));

async function readAutoResponseSetting(tx: Db, queueId: number, request: AutoResponseRequest): Promise<AutoResponseSetting | null> {
  const [row] = await runPrebuiltQuery<AutoResponseSetting>(tx, settingQuery, { queueId, ...autoResponseSettingValues(request) });
  return row ?? null;
}

// The auto response's article and its mail in one statement: the outbox row names the article.
const articleWithMailQuery = prebuildQuery(sql`
  with article as (${articleInsert(sql`${sql.placeholder("ticketId")}`)}), ${queuedMailCte(sql`(select id from article)`)}
  select article.id, article."createdAt", ${announceQueued} from article, queued`);

type AutoResponseTicket = Pick<TicketRow, "id" | "number" | "title" | "queueId" | "customerId" | "ownerId">;

/**
 * Answers a customer's message by itself, if the ticket's queue has an auto response of this
 * type: an article, and its mail queued in the caller's transaction. Never to a message loop
 * protection refused, never from a queue that sends none (Junk), and at most 40 a day to one
 * address — past that the history says `LoopProtection` instead. Own auto mails say what they
 * are (Auto-Submitted, X-Loop, Precedence), so that other systems do not answer them. The
 * template's context is read with the setting (or alone, given the setting read already).
 */
export async function queueAutoResponse(tx: Db, ticket: AutoResponseTicket, request: AutoResponseRequest, setting?: AutoResponseSetting | null): Promise<HistoryEntry | null> {
  if (!request.allowed) return null;
  const recipient = request.respondTo.toLowerCase();
  const [found, context] = await Promise.all([setting === undefined ? readAutoResponseSetting(tx, ticket.queueId, request) : setting, buildTemplateContext(tx, ticket, { name: "", login: "" })]);
  if (!found?.systemAddress || !found.enabled || found.subject === null || found.body === null) return null;
  if (found.sentToday >= MAX_AUTO_MAILS_PER_DAY) {
    return { ticketId: ticket.id, type: "LoopProtection", name: `no auto response to ${recipient}, ${MAX_AUTO_MAILS_PER_DAY} sent in a day` };
  }

  // An auto response speaks for the queue.
  const speaking = { ...context, agent: { name: found.queueName, login: "" } };
  const subject = taggedSubject(ticket.number, renderTemplate(found.subject, speaking));
  const body = renderTemplate(found.body, speaking);
  const from = formatAddress(found.systemAddress, found.queueName);
  const messageId = newMessageId(ticket.number, found.systemAddress);
  const references = [...request.references, ...(request.inReplyTo ? [request.inReplyTo] : [])];
  const article: NewArticle = {
    ticketId: ticket.id,
    kind: "email_out",
    senderType: "system",
    from,
    to: recipient,
    subject,
    bodyText: body,
    messageId,
    inReplyTo: request.inReplyTo,
    references: references.join(" ") || null,
    visibleToCustomer: true,
    createdBy: null,
  };
  const mail: QueuedMail = {
    ticketId: ticket.id,
    messageId,
    kind: `auto_${request.type}`,
    recipient,
    message: {
      from,
      to: [recipient],
      cc: [],
      subject,
      text: body,
      inReplyTo: request.inReplyTo,
      references,
      headers: { "Auto-Submitted": "auto-replied", "X-Loop": found.systemAddress, Precedence: "bulk", "X-Auto-Response-Suppress": "All" },
      attachmentIds: [],
    },
  };
  const [row] = await runPrebuiltQuery<InsertedArticleRow>(tx, articleWithMailQuery, { ticketId: ticket.id, ...articleValues(article), ...queuedMailValues(mail) });
  const stored = storedArticle(article, row!, []);
  return { ticketId: ticket.id, type: HISTORY_TYPE[request.type], name: `auto response to ${recipient}`, articleId: stored.id, data: { article: stored.summary } };
}
