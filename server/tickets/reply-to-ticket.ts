import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { queues } from "../../db/schema";
import type { Actor } from "../auth/actor";
import { InvalidInputError } from "../errors";
import { formatAddress, newMessageId, replySubject, taggedSubject } from "../mail/compose";
import { queueOutboundMail } from "../mail/queue-outbound-mail";
import { findTemplateForQueue } from "../templates/list-templates";
import { renderTemplate, type TemplateContext } from "../templates/render-template";
import { buildTemplateContext } from "../templates/template-context";
import { writeArticle, type NewAttachment } from "./articles";
import type { ApiArticle } from "./article-view";
import { applyStateChange, type StateChange } from "./change-state";
import { applyLock } from "./lock-ticket";
import { withSearchWords } from "./search-vector";
import { changeTicket, type TicketChange } from "./ticket-change";

export interface ComposeInput extends StateChange {
  actor: Actor;
  number: string;
  body?: string;
  subject?: string;
  templateId?: number;
  attachments?: NewAttachment[];
  version?: number;
}

export interface ReplyInput extends ComposeInput {
  /** Recipients; by default the customer. */
  to?: string[];
  cc?: string[];
}

export const MAX_BODY_LENGTH = 1_000_000;

/** The text of a new article: what the agent wrote, or the chosen template filled in for this ticket. */
export async function composeBody(change: TicketChange, input: Pick<ComposeInput, "body" | "templateId">): Promise<string> {
  let body = input.body;
  if (input.templateId !== undefined) {
    const template = await findTemplateForQueue(change.tx, input.templateId, change.ticket.queueId);
    if (!template) throw new InvalidInputError("templateId", "no such template in this ticket's queue");
    body ||= renderTemplate(template.body, await buildTemplateContext(change.tx, change.ticket, change.actor));
  }
  if (!body || body.trim() === "") throw new InvalidInputError("body", "required");
  if (body.length > MAX_BODY_LENGTH) throw new InvalidInputError("body", `at most ${MAX_BODY_LENGTH} characters`);
  return body;
}

/** The address in `Name <address>`. */
function addressOf(formatted: string): string {
  return (/<([^<>]+)>\s*$/.exec(formatted)?.[1] ?? formatted).trim().toLowerCase();
}

/**
 * The queue's salutation before the text and its signature after it, filled in for this
 * ticket — unless the agent's text already has them (a template that includes them).
 */
function withSalutationAndSignature(context: TemplateContext, body: string): string {
  const salutation = renderTemplate(context.queue.salutation, context).trim();
  const signature = renderTemplate(context.queue.signature, context).trim();
  return [salutation && !body.includes(salutation) ? salutation : "", body.trim(), signature && !body.includes(signature) ? signature : ""].filter(Boolean).join("\n\n");
}

interface ReplyContext {
  address: string | null;
  name: string;
  customerEmail: string | null;
  /** The customer's last mail, which a reply answers (In-Reply-To, References, Reply-To). */
  answered: { messageId: string | null; references: string | null; replyTo: string | null } | null;
}

/** What a reply needs besides the ticket — the queue, the customer, their last mail — in one query. */
async function replyContext(change: TicketChange): Promise<ReplyContext> {
  const ticket = change.ticket;
  const [context] = await change.tx
    .select({
      address: queues.systemAddress,
      name: queues.name,
      customerEmail: sql<string | null>`(select email from customers where id = ${ticket.customerId})`,
      answered: sql<ReplyContext["answered"]>`(select json_build_object('messageId', a.message_id, 'references', a."references", 'replyTo', a.reply_to)
        from articles a where a.ticket_id = ${ticket.id} and a.kind = 'email_in' order by a.id desc limit 1)`,
    })
    .from(queues)
    .where(eq(queues.id, ticket.queueId));
  return context!;
}

/**
 * Answers the customer by mail. An unlocked ticket is locked to the replier first (as OTRS's
 * compose screen does); another agent's lock refuses the reply. The article and its outbox
 * row commit together, so the mail is sent at least once, never lost.
 */
export async function replyToTicket(db: Db, input: ReplyInput): Promise<ApiArticle> {
  const { result } = await changeTicket(db, { ...input, newArticle: { attachments: input.attachments?.length ?? 0 } }, async (change) => {
    await change.require("reply");
    if (!change.lockedByActor) await applyLock(change);
    const body = await composeBody(change, input);
    const ticket = change.ticket;

    // Both reads go to the database in one flight.
    const [queue, templateContext] = await Promise.all([replyContext(change), buildTemplateContext(change.tx, ticket, change.actor)]);
    if (!queue.address) throw new InvalidInputError("queue", `the queue ${queue.name} has no system address to send from`);
    const answered = queue.answered;
    // The customer's Reply-To, when their last message named one, is where they want answers.
    const replyTo = answered?.replyTo ? addressOf(answered.replyTo) : null;
    const to = input.to?.length ? input.to : replyTo ? [replyTo] : queue.customerEmail ? [queue.customerEmail] : [];
    if (to.length === 0) throw new InvalidInputError("to", "required: the ticket has no customer");
    const cc = input.cc ?? [];
    const text = withSalutationAndSignature(templateContext, body);

    const references = [...(answered?.references?.split(/\s+/).filter(Boolean) ?? []), ...(answered?.messageId ? [answered.messageId] : [])];
    const subject = taggedSubject(ticket.number, input.subject?.trim() || replySubject(ticket.title));
    const from = formatAddress(queue.address, queue.name);
    const messageId = newMessageId(ticket.number, queue.address);
    const { article, written } = writeArticle(change.tx, {
      ticketId: ticket.id,
      kind: "email_out",
      senderType: "agent",
      from,
      to: to.join(", "),
      cc: cc.length > 0 ? cc.join(", ") : null,
      subject,
      bodyText: text,
      messageId,
      inReplyTo: answered?.messageId ?? null,
      references: references.join(" ") || null,
      visibleToCustomer: true,
      createdBy: change.actor.id,
      attachments: input.attachments,
    }, change.articleIds, change.actor);
    // The article, its mail and the ticket's columns go out with the history and the COMMIT.
    change.pipeline(written);
    change.pipeline(
      queueOutboundMail(change.tx, {
        ticketId: ticket.id,
        articleId: article.id,
        messageId,
        message: { from, to, cc, subject, text, inReplyTo: answered?.messageId ?? null, references, headers: {}, attachmentIds: article.attachmentIds },
      }),
    );
    // The replier holds the lock: their reply is the owner's activity for the unlock timeout.
    change.pipeline(change.update({ searchVector: withSearchWords(`${subject} ${text}`), ownerActivityAt: sql`now()` }));
    change.record({ type: "SendAnswer", name: `answer to ${to.join(", ")}`, articleId: article.id, data: { article: article.summary } });
    const nextState = input.state ?? (ticket.state === "new" ? "open" : undefined);
    await applyStateChange(change, { state: nextState, pendingUntil: input.pendingUntil });
    return article.view;
  });
  return result;
}
