import { eq, sql } from "drizzle-orm";
import type { Database, Db } from "../../../db/client";
import { agents, queues, tickets } from "../../../db/schema";
import { queueAutoResponse } from "../../mail/auto-response";
import { notifyAgents } from "../../notifications/notify-agents";
import { queueAgentIds } from "../../notifications/queue-agents";
import type { HistoryEntry, TicketField } from "../history";
import { updateTicketAsSystem, storeIncomingArticle } from "./incoming-article";
import { inInboundTransaction } from "./inbound-transaction";
import type { MailArrival, ReceiveOutcome } from "./mail-arrival";
import { openTicketFromMail } from "./receive-new-ticket";

/** OTRS follows a merged ticket to the one it was merged into, this many times at most. */
const MAX_MERGE_HOPS = 10;

/** Thrown when a follow-up turns out to need a new ticket (closed, policy `new_ticket`) and no number was drawn. */
export class TicketNumberNeededError extends Error {
  constructor() {
    super("a new ticket number is needed");
    this.name = "TicketNumberNeededError";
  }
}

/** The ticket a follow-up goes to: the one named, or the one it was merged into. */
async function lockFollowedTicket(tx: Db, ticketId: number) {
  const load = (id: number) => tx.select().from(tickets).where(eq(tickets.id, id)).for("update");
  let [ticket] = await load(ticketId);
  for (let hop = 0; hop < MAX_MERGE_HOPS && ticket?.stateType === "merged" && ticket.mergedIntoId !== null; hop++) [ticket] = await load(ticket.mergedIntoId);
  return ticket!;
}

/** `[Ticket#…]` removed, so that a new ticket made from a follow-up is not taken for the old one. */
export function withoutTicketNumber(subject: string): string {
  return subject.replace(/\[Ticket#:?\s*\d+\]/gi, "").replace(/\s+/g, " ").trim();
}

/**
 * A customer's message to an existing ticket, as OTRS's FollowUp: any ticket that is not `new`
 * becomes `open` (pending ones too, so no reply waits unseen); to a closed ticket the queue's
 * policy applies — `possible` reopens it (and with the queue's follow-up lock, locks it to its
 * owner again), `reject` keeps the article and answers with the auto reject, `new_ticket`
 * opens a new ticket linked to the old. The owner is told, or the queue's agents when unlocked.
 */
export async function receiveFollowUp(db: Database, arrival: MailArrival, route: { ticketId: number; newTicketNumber?: string }): Promise<ReceiveOutcome> {
  return inInboundTransaction(db, arrival.inbound, async (tx) => {
    const ticket = await lockFollowedTicket(tx, route.ticketId);
    const [queue] = await tx.select().from(queues).where(eq(queues.id, ticket.queueId));
    const closed = ticket.stateType === "closed";
    const references = arrival.article.references?.split(/\s+/).filter(Boolean) ?? [];
    const respond = (type: "reject" | "follow_up") =>
      queueAutoResponse(tx, ticket, { type, allowed: arrival.autoRespond, respondTo: arrival.respondTo, inReplyTo: arrival.article.messageId, references });

    if (closed && queue!.followUpPolicy === "new_ticket") {
      if (!route.newTicketNumber) throw new TicketNumberNeededError();
      const opened = await openTicketFromMail(tx, arrival, { queueId: ticket.queueId, priority: ticket.priority, number: route.newTicketNumber }, { title: withoutTicketNumber(arrival.article.subject) || undefined, linkFrom: ticket.id, autoResponse: "reply_new_ticket" });
      return {
        outcome: { kind: "follow_up_new_ticket", ticketId: opened.ticketId, articleId: opened.articleId },
        history: [{ ticketId: ticket.id, type: "TicketLinkAdd", name: `follow-up to the closed ticket became ${route.newTicketNumber}` }, ...opened.history],
      };
    }

    const article = await storeIncomingArticle(tx, ticket.id, arrival);
    const history: HistoryEntry[] = [];
    if (closed && queue!.followUpPolicy === "reject") {
      await updateTicketAsSystem(tx, ticket.id, {}, `${arrival.article.subject} ${arrival.article.bodyText}`);
      history.push({ ticketId: ticket.id, type: "FollowUp", name: "follow-up to a closed ticket, rejected", articleId: article.id, data: { article: article.summary } });
      const reject = await respond("reject");
      if (reject) history.push(reject);
      return { outcome: { kind: "rejected_follow_up", ticketId: ticket.id, articleId: article.id }, history };
    }

    const reopensLocked = closed && queue!.followUpLock && ticket.ownerId !== null && (await ownerIsValid(tx, ticket.ownerId));
    const lock = ticket.lock === "locked" || reopensLocked ? "locked" : "unlocked";
    const state = ticket.stateType === "new" ? ticket.state : "open";
    const changes: TicketField[] = [];
    if (state !== ticket.state) changes.push("state");
    if (lock !== ticket.lock) changes.push("lock");
    await updateTicketAsSystem(
      tx,
      ticket.id,
      {
        state,
        stateType: state === "new" ? "new" : "open",
        pendingUntil: null,
        lock,
        // A customer's answer restarts the unlock timeout, as in OTRS.
        ...(lock === "locked" ? { ownerActivityAt: sql`now()` } : {}),
      },
      `${arrival.article.subject} ${arrival.article.bodyText}`,
    );
    const recipients = lock === "locked" && ticket.ownerId !== null ? [ticket.ownerId] : await queueAgentIds(tx, ticket.queueId);
    const notifications = await notifyAgents(tx, { agentIds: recipients, ticketId: ticket.id, kind: "follow_up", text: `Follow-up from ${arrival.customer.email} on ticket ${ticket.number}`, byMail: true });
    history.push({ ticketId: ticket.id, type: "FollowUp", name: `follow-up from ${arrival.customer.email}`, articleId: article.id, changes, data: { article: article.summary, notifications } });
    const followUp = await respond("follow_up");
    if (followUp) history.push(followUp);
    return { outcome: { kind: "follow_up", ticketId: ticket.id, articleId: article.id }, history };
  });
}

async function ownerIsValid(tx: Db, agentId: number): Promise<boolean> {
  const [agent] = await tx.select({ valid: agents.valid }).from(agents).where(eq(agents.id, agentId));
  return agent?.valid === true;
}
