import { eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { ticketStates, tickets } from "../../db/schema";
import type { Actor } from "../auth/actor";
import { decideCreate } from "../auth/permissions";
import { loadPermissionsOnQueue } from "../auth/queue-permissions";
import { findOrCreateCustomer } from "../customers/find-or-create-customer";
import { ForbiddenError, InvalidInputError, NotFoundError } from "../errors";
import { formatAddress, newMessageId, taggedSubject } from "../mail/compose";
import { queueOutboundMail } from "../mail/queue-outbound-mail";
import { findQueue } from "../queues/find-queue";
import { insertArticle, type NewAttachment } from "./articles";
import { normaliseTitle } from "./change-title";
import { appendHistory } from "./history";
import { MAX_BODY_LENGTH } from "./reply-to-ticket";
import { searchWords } from "./search-vector";
import { allocateTicketNumber } from "./ticket-number";
import { loadTicketView, type ApiTicket } from "./ticket-view";

export interface CreateTicketInput {
  actor: Actor;
  /** The queue, by id or name. */
  queue: number | string;
  title: string;
  customer: { email: string; name?: string };
  body: string;
  /** A phone call taken from the customer (the default), or a mail the agent sends them. */
  kind?: "phone" | "email_out";
  priority?: number;
  attachments?: NewAttachment[];
}

/**
 * Creates a ticket as an agent: a phone ticket (state `new`) or an outgoing email ticket
 * (`open`, its mail queued with the article). The creator becomes the owner, unlocked. The
 * number is drawn before the transaction (see allocateTicketNumber), so `db` must be the pool.
 */
export async function createTicket(db: Database, input: CreateTicketInput): Promise<ApiTicket> {
  const kind = input.kind ?? "phone";
  const title = normaliseTitle(input.title);
  const priority = input.priority ?? 3;
  if (!Number.isInteger(priority) || priority < 1 || priority > 5) throw new InvalidInputError("priority", "an integer from 1 (very low) to 5 (very high)");
  if (input.body.trim() === "") throw new InvalidInputError("body", "required");
  if (input.body.length > MAX_BODY_LENGTH) throw new InvalidInputError("body", `at most ${MAX_BODY_LENGTH} characters`);

  const queue = await findQueue(db, input.queue);
  const decision = decideCreate(await loadPermissionsOnQueue(db, input.actor, queue.id));
  if (!decision.allowed) throw decision.reason === "forbidden" ? new ForbiddenError(decision.message) : new NotFoundError("queue");
  if (kind === "email_out" && !queue.systemAddress) throw new InvalidInputError("queue", `the queue ${queue.name} has no system address to send from`);

  const number = await allocateTicketNumber(db);
  const ticketId = await db.transaction(async (tx) => {
    const customer = await findOrCreateCustomer(tx, input.customer);
    const state = kind === "email_out" ? "open" : "new";
    const [stateRow] = await tx.select().from(ticketStates).where(eq(ticketStates.name, state));
    const [ticket] = await tx
      .insert(tickets)
      .values({
        number,
        title,
        queueId: queue.id,
        state,
        stateType: stateRow!.type,
        priority,
        customerId: customer.id,
        ownerId: input.actor.id,
        createdBy: input.actor.id,
        searchVector: searchWords(`${title} ${input.body}`),
      })
      .returning({ id: tickets.id });
    const id = ticket!.id;

    const customerAddress = formatAddress(customer.email, customer.name);
    const subject = kind === "email_out" ? taggedSubject(number, title) : title;
    const from = kind === "email_out" ? formatAddress(queue.systemAddress!, queue.name) : customerAddress;
    const messageId = kind === "email_out" ? newMessageId(number, queue.systemAddress!) : null;
    const article = await insertArticle(tx, {
      ticketId: id,
      kind,
      senderType: kind === "email_out" ? "agent" : "customer",
      from,
      to: kind === "email_out" ? customer.email : null,
      subject,
      bodyText: input.body,
      messageId,
      visibleToCustomer: true,
      createdBy: input.actor.id,
      attachments: input.attachments,
    });
    if (kind === "email_out") {
      await queueOutboundMail(tx, {
        ticketId: id,
        articleId: article.id,
        messageId: messageId!,
        message: { from, to: [customer.email], cc: [], subject, text: input.body, inReplyTo: null, references: [], headers: {}, attachmentIds: article.attachmentIds },
      });
    }
    await appendHistory(tx, input.actor.id, [
      { ticketId: id, type: "NewTicket", name: `${number} in ${queue.name}` },
      { ticketId: id, type: kind === "email_out" ? "EmailCustomer" : "PhoneCallCustomer", name: subject, articleId: article.id, data: { article: article.summary } },
    ]);
    return id;
  });
  return loadTicketView(db, ticketId);
}
