import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { autoResponses, outbox, queueAutoResponses, queues, tickets } from "../../db/schema";
import { buildTemplateContext } from "../templates/template-context";
import { renderTemplate } from "../templates/render-template";
import { insertArticle } from "../tickets/articles";
import type { HistoryEntry } from "../tickets/history";
import { formatAddress, newMessageId, taggedSubject } from "./compose";
import { queueOutboundMail } from "./queue-outbound-mail";

export type AutoResponseType = "reply" | "reject" | "follow_up" | "reply_new_ticket";

/** OTRS's PostmasterMaxEmails: auto mails to one address per day. */
export const MAX_AUTO_MAILS_PER_DAY = 40;

const HISTORY_TYPE = { reply: "SendAutoReply", reject: "SendAutoReject", follow_up: "SendAutoFollowUp", reply_new_ticket: "SendAutoReply" } as const;

export interface AutoResponseRequest {
  ticketId: number;
  type: AutoResponseType;
  /** Loop protection's verdict on the message being answered. */
  allowed: boolean;
  respondTo: string;
  /** The message being answered. */
  inReplyTo: string | null;
  references: string[];
}

/**
 * Answers a customer's message by itself, if the ticket's queue has an auto response of this
 * type: an article, and its mail queued in the caller's transaction. Never to a message loop
 * protection refused, never from a queue that sends none (Junk), and at most 40 a day to one
 * address — past that the history says `LoopProtection` instead. Own auto mails say what they
 * are (Auto-Submitted, X-Loop, Precedence), so that other systems do not answer them.
 */
export async function queueAutoResponse(tx: Db, request: AutoResponseRequest): Promise<HistoryEntry | null> {
  if (!request.allowed) return null;
  const recipient = request.respondTo.toLowerCase();
  const [found] = await tx
    .select({
      ticket: { id: tickets.id, number: tickets.number, title: tickets.title, queueId: tickets.queueId, customerId: tickets.customerId, ownerId: tickets.ownerId },
      queue: { name: queues.name, systemAddress: queues.systemAddress, autoResponsesEnabled: queues.autoResponsesEnabled },
      response: { subject: autoResponses.subject, body: autoResponses.body },
      sentToday: sql<number>`(select count(*)::int from ${outbox} where ${outbox.recipient} = ${recipient} and ${outbox.kind} like 'auto%' and ${outbox.createdAt} > now() - interval '1 day')`,
    })
    .from(tickets)
    .innerJoin(queues, eq(queues.id, tickets.queueId))
    .leftJoin(queueAutoResponses, and(eq(queueAutoResponses.queueId, queues.id), eq(queueAutoResponses.type, request.type)))
    .leftJoin(autoResponses, and(eq(autoResponses.id, queueAutoResponses.autoResponseId), eq(autoResponses.valid, true)))
    .where(eq(tickets.id, request.ticketId));
  if (!found) return null;
  const { ticket, queue, response } = found;
  if (!queue.systemAddress || !queue.autoResponsesEnabled || !response) return null;
  if (found.sentToday >= MAX_AUTO_MAILS_PER_DAY) {
    return { ticketId: ticket.id, type: "LoopProtection", name: `no auto response to ${recipient}, ${MAX_AUTO_MAILS_PER_DAY} sent in a day` };
  }

  const context = await buildTemplateContext(tx, ticket, { name: queue.name, login: "" });
  const subject = taggedSubject(ticket.number, renderTemplate(response.subject, context));
  const body = renderTemplate(response.body, context);
  const from = formatAddress(queue.systemAddress, queue.name);
  const messageId = newMessageId(ticket.number, queue.systemAddress);
  const references = [...request.references, ...(request.inReplyTo ? [request.inReplyTo] : [])];
  const article = await insertArticle(tx, {
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
  });
  await queueOutboundMail(tx, {
    ticketId: ticket.id,
    articleId: article.id,
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
      headers: { "Auto-Submitted": "auto-replied", "X-Loop": queue.systemAddress, Precedence: "bulk", "X-Auto-Response-Suppress": "All" },
      attachmentIds: [],
    },
  });
  return { ticketId: ticket.id, type: HISTORY_TYPE[request.type], name: `auto response to ${recipient}`, articleId: article.id, data: { article: article.summary } };
}
