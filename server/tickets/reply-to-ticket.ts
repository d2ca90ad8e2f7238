import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { prebuildQuery, runPrebuiltQuery } from "../../db/prebuilt-query";
import { articles, customers, queues, tickets } from "../../db/schema";
import type { Actor } from "../auth/actor";
import { InvalidInputError } from "../errors";
import { formatAddress, newMessageId, replySubject, taggedSubject } from "../mail/compose";
import { queueOutboundMail } from "../mail/queue-outbound-mail";
import { findTemplateForQueue } from "../templates/list-templates";
import { renderTemplate, type TemplateContext } from "../templates/render-template";
import { buildTemplateContext, joinLastCustomerArticle, templateContextOf, type TemplateContextRow } from "../templates/template-context";
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

/**
 * The text of a new article: what the agent wrote, or the chosen template filled in for this
 * ticket (with `context` when the caller has read it already).
 */
export async function composeBody(change: TicketChange, input: Pick<ComposeInput, "body" | "templateId">, context?: TemplateContext): Promise<string> {
  let body = input.body;
  if (input.templateId !== undefined) {
    const template = await findTemplateForQueue(change.tx, input.templateId, change.ticket.queueId);
    if (!template) throw new InvalidInputError("templateId", "no such template in this ticket's queue");
    body ||= renderTemplate(template.body, context ?? (await buildTemplateContext(change.tx, change.ticket, change.actor)));
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

interface ReplyContext extends Omit<TemplateContextRow, "ownerName"> {
  address: string | null;
  /** The customer's last mail, which a reply answers (In-Reply-To, References, Reply-To); null without one. */
  answeredMessageId: string | null;
  answeredReferences: string | null;
  answeredReplyTo: string | null;
}

/** What a reply needs besides the ticket — the queue, the customer, their last messages — in one statement, built once. */
const replyContextQuery = prebuildQuery(sql`
  select q.system_address as address, q.name as "queueName", q.salutation, q.signature,
    c.name as "customerName", c.email as "customerEmail",
    answered.message_id as "answeredMessageId", answered."references" as "answeredReferences", answered.reply_to as "answeredReplyTo",
    last.subject as "lastSubject", last.body_text as "lastBody"
  from ${tickets} t
  join ${queues} q on q.id = t.queue_id
  left join ${customers} c on c.id = t.customer_id
  left join lateral (
    select message_id, "references", reply_to from ${articles} where ticket_id = t.id and kind = 'email_in' order by id desc limit 1
  ) answered on true
  ${joinLastCustomerArticle(sql`t.id`)}
  where t.number = ${sql.placeholder("number")}`);

async function readReplyContext(tx: Db, number: string): Promise<ReplyContext> {
  const [context] = await runPrebuiltQuery<ReplyContext>(tx, replyContextQuery, { number });
  // Found whenever the ticket is, and the reply goes on only then.
  return context!;
}

/**
 * Answers the customer by mail. An unlocked ticket is locked to the replier first (as OTRS's
 * compose screen does); another agent's lock refuses the reply. The article and its outbox
 * row commit together, so the mail is sent at least once, never lost.
 */
export async function replyToTicket(db: Db, input: ReplyInput): Promise<ApiArticle> {
  const request = { ...input, newArticle: { attachments: input.attachments?.length ?? 0 }, prefetch: readReplyContext };
  const { result } = await changeTicket(db, request, async (change, context) => {
    await change.require("reply");
    if (!change.lockedByActor) await applyLock(change);
    const ticket = change.ticket;
    // The replier holds the ticket now, so they are its owner.
    const templateContext = templateContextOf({ ...context, ownerName: change.actor.name }, ticket, change.actor);
    const body = await composeBody(change, input, templateContext);

    const { address, queueName, customerEmail, answeredMessageId, answeredReferences, answeredReplyTo } = context;
    if (!address) throw new InvalidInputError("queue", `the queue ${queueName} has no system address to send from`);
    // The customer's Reply-To, when their last message named one, is where they want answers.
    const replyTo = answeredReplyTo ? addressOf(answeredReplyTo) : null;
    const to = input.to?.length ? input.to : replyTo ? [replyTo] : customerEmail ? [customerEmail] : [];
    if (to.length === 0) throw new InvalidInputError("to", "required: the ticket has no customer");
    const cc = input.cc ?? [];
    const text = withSalutationAndSignature(templateContext, body);

    const references = [...(answeredReferences?.split(/\s+/).filter(Boolean) ?? []), ...(answeredMessageId ? [answeredMessageId] : [])];
    const subject = taggedSubject(ticket.number, input.subject?.trim() || replySubject(ticket.title));
    const from = formatAddress(address, queueName);
    const messageId = newMessageId(ticket.number, address);
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
      inReplyTo: answeredMessageId,
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
        message: { from, to, cc, subject, text, inReplyTo: answeredMessageId, references, headers: {}, attachmentIds: article.attachmentIds },
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
