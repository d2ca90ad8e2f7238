import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../../db/client";
import { isConnectionError, rootCause } from "../../../db/errors";
import { inboundMessages } from "../../../db/schema";
import { notificationSender } from "../../notifications/notify-agents";
import type { MailArrival, ReceiveOutcome } from "../../tickets/mail/mail-arrival";
import { receiveBounce } from "../../tickets/mail/receive-bounce";
import { receiveFollowUp, TicketNumberNeededError } from "../../tickets/mail/receive-follow-up";
import { receiveNewTicket } from "../../tickets/mail/receive-new-ticket";
import { allocateTicketNumber } from "../../tickets/ticket-number";
import { formatAddress } from "../compose";
import { chooseQueue } from "./choose-queue";
import type { IncomingMail, MailAddress } from "./incoming-mail";
import { autoResponseRefusal } from "./loop-protection";
import { matchFollowUp, ticketOfMessages } from "./match-follow-up";
import { parseMessage } from "./parse-message";
import { readMessageWithRouting, type MailRouting, type RoutingQueue } from "./mail-routing";
import { applyPostmasterFilters } from "./postmaster-filters";
import type { Envelope } from "./store-inbound-message";

export type ProcessResult =
  | { status: "processed"; outcome: ReceiveOutcome["kind"]; ticketId: number | null }
  | { status: "ignored"; reason: string }
  | { status: "failed"; error: string };

/** Where nothing is known of the sender: the customer record still needs an address. */
const UNKNOWN_SENDER = "unknown-sender@invalid.example";

/** The helpdesk's own addresses: the queues' and the notification sender's. */
function systemAddresses(routing: MailRouting): Set<string> {
  return new Set([...routing.queues.flatMap((queue) => (queue.systemAddress ? [queue.systemAddress.toLowerCase()] : [])), notificationSender()]);
}

function addressList(addresses: MailAddress[]): string {
  return addresses.map((address) => formatAddress(address.address, address.name)).join(", ");
}

const emailAddress = z.email();
const isAddress = (address: string | null | undefined): address is string => Boolean(address) && emailAddress.safeParse(address).success;

/** Who wrote: From, else the envelope sender, else nobody known (some mail has neither that is an address). */
function senderOf(mail: IncomingMail, envelope: Envelope): MailAddress {
  if (mail.from && isAddress(mail.from.address)) return mail.from;
  const envelopeSender = envelope.mailFrom?.toLowerCase();
  return { address: isAddress(envelopeSender) ? envelopeSender : UNKNOWN_SENDER, name: mail.from?.name ?? null };
}

function arrivalOf(id: number, row: { messageId: string | null; bodyHash: string }, mail: IncomingMail, envelope: Envelope, refusal: string | null): MailArrival {
  const sender = senderOf(mail, envelope);
  const replyTo = mail.replyTo.find((address) => isAddress(address.address)) ?? null;
  return {
    inbound: { id, messageId: row.messageId, bodyHash: row.bodyHash },
    article: {
      from: formatAddress(sender.address, sender.name),
      replyTo: replyTo ? formatAddress(replyTo.address, replyTo.name) : null,
      to: addressList(mail.to),
      cc: mail.cc.length > 0 ? addressList(mail.cc) : null,
      subject: mail.subject,
      bodyText: mail.text,
      bodyHtml: mail.html,
      messageId: mail.messageId,
      inReplyTo: mail.inReplyTo,
      references: mail.references.length > 0 ? mail.references.join(" ") : null,
      attachments: mail.attachments.map((attachment) => ({ ...attachment })),
    },
    customer: { email: sender.address, name: sender.name },
    autoRespond: refusal === null,
    respondTo: (replyTo ?? sender).address,
  };
}

async function markIgnored(db: Database, id: number, reason: string): Promise<ProcessResult> {
  await db.update(inboundMessages).set({ status: "processed", error: `ignored: ${reason}`, processedAt: sql`now()` }).where(eq(inboundMessages.id, id));
  return { status: "ignored", reason };
}

/** Files the message where it belongs: a bounce on its ticket, a follow-up, or a new ticket. */
async function file(db: Database, mail: IncomingMail, arrival: MailArrival, route: { envelope: Envelope; queues: RoutingQueue[]; filterQueue: string | undefined; priority: number }): Promise<ReceiveOutcome | null> {
  if (mail.bounce) {
    const ticketId = await ticketOfMessages(db, mail.bounce.originalMessageIds);
    return ticketId === null ? null : receiveBounce(db, arrival, { ticketId });
  }
  const target = await matchFollowUp(db, mail);
  if (target) {
    const newTicketNumber = target.closed && target.followUpPolicy === "new_ticket" ? await allocateTicketNumber(db) : undefined;
    try {
      return await receiveFollowUp(db, arrival, { ticketId: target.ticketId, newTicketNumber });
    } catch (error) {
      // The ticket was closed meanwhile and its queue opens new tickets for follow-ups.
      if (!(error instanceof TicketNumberNeededError)) throw error;
      return receiveFollowUp(db, arrival, { ticketId: target.ticketId, newTicketNumber: await allocateTicketNumber(db) });
    }
  }
  const queueId = chooseQueue(route.queues, mail, route.envelope, route.filterQueue);
  return receiveNewTicket(db, arrival, { queueId, priority: route.priority, number: await allocateTicketNumber(db) });
}

export interface ProcessOptions {
  /** The stored message's bytes, when the caller has them: a 25 MB message is not read back from the database. */
  raw?: Buffer;
  parse?: (raw: Buffer) => Promise<IncomingMail>;
}

async function storedRaw(db: Database, id: number): Promise<Buffer> {
  const [row] = await db.select({ raw: inboundMessages.raw }).from(inboundMessages).where(eq(inboundMessages.id, id));
  if (!row) throw new Error(`no inbound message ${id}`);
  return row.raw;
}

/**
 * Processes one stored message (DESIGN.md "Mail in and out"): parse, postmaster filters,
 * loop protection, then a bounce, a follow-up or a new ticket — each stored in one
 * transaction with the message marked processed. A message that cannot be processed is
 * kept as `failed` with its error (for `mail:reprocess`); a database outage is thrown, so the
 * message stays `new` and is tried again.
 */
export async function processInboundMessage(db: Database, id: number, options: ProcessOptions = {}): Promise<ProcessResult> {
  const { parse = parseMessage } = options;
  const read = await readMessageWithRouting(db, id);
  if (!read) return { status: "failed", error: `no inbound message ${id}` };
  const { message: row, routing } = read;
  if (row.status === "processed" || row.status === "duplicate") return { status: "processed", outcome: "already_processed", ticketId: row.ticketId };
  const { envelope } = row;
  try {
    const mail = await parse(options.raw ?? (await storedRaw(db, id)));
    const own = systemAddresses(routing);
    if (envelope.rcptTo.length > 0 && envelope.rcptTo.every((address) => address.toLowerCase() === notificationSender())) return markIgnored(db, id, "sent to the notification sender address");
    const { actions, matched } = applyPostmasterFilters(routing.filters, mail);
    if (actions.ignore) return markIgnored(db, id, `postmaster filter ${matched.join(", ")}`);
    const refusal = actions.noAutoResponse ? "a postmaster filter" : autoResponseRefusal(mail, own);
    const arrival = arrivalOf(id, row, mail, envelope, refusal);
    const outcome = await file(db, mail, arrival, { envelope, queues: routing.queues, filterQueue: actions.queue, priority: actions.priority ?? 3 });
    if (!outcome) return markIgnored(db, id, "a delivery failure of a message this helpdesk does not know");
    return { status: "processed", outcome: outcome.kind, ticketId: "ticketId" in outcome ? outcome.ticketId : null };
  } catch (error) {
    if (isConnectionError(error)) throw error;
    const cause = rootCause(error);
    const message = cause instanceof Error ? cause.message.split("\n")[0]! : String(cause);
    await db
      .update(inboundMessages)
      .set({ status: "failed", error: message, attempts: sql`${inboundMessages.attempts} + 1` })
      .where(and(eq(inboundMessages.id, id), sql`${inboundMessages.status} in ('new', 'failed')`));
    return { status: "failed", error: message };
  }
}
