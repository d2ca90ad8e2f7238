import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { queues, tickets } from "../../db/schema";
import type { Actor } from "../auth/actor";
import { readableQueueCondition } from "../auth/queue-permissions";
import { isOpenTicket } from "./open-states";
import { loadTicketViews, type ApiTicket } from "./ticket-view";

export interface DashboardTickets {
  locked: ApiTicket[];
  new: ApiTicket[];
  reminders: ApiTicket[];
  /** When they were read (ms): ages and reached reminders are reckoned from it until the page's clock runs. */
  readAt: number;
}

/** The dashboard's three lists of tickets. */
export async function loadDashboardTickets(db: Db, actor: Actor): Promise<DashboardTickets> {
  const [locked, fresh, reminders] = await Promise.all([listMyLockedTickets(db, actor), listNewTicketsInMyQueues(db, actor), listMyReminders(db, actor)]);
  return { locked, new: fresh, reminders, readAt: Date.now() };
}

/** How many tickets each dashboard list shows at most. */
export const DASHBOARD_LIST_LIMIT = 50;

/** Tickets in queues the actor may read (still now: a ticket they own may have moved out of reach). */
function inReadableQueues(db: Db, actor: Actor): SQL | undefined {
  if (actor.isAdmin) return undefined;
  return inArray(tickets.queueId, db.select({ id: queues.id }).from(queues).where(readableQueueCondition(actor)));
}

/** The open tickets the actor holds locked, the oldest first. */
export function listMyLockedTickets(db: Db, actor: Actor, limit = DASHBOARD_LIST_LIMIT): Promise<ApiTicket[]> {
  return loadTicketViews(db, and(eq(tickets.ownerId, actor.id), eq(tickets.lock, "locked"), isOpenTicket, inReadableQueues(db, actor)), [asc(tickets.createdAt), asc(tickets.id)], limit);
}

/** Tickets still in state type `new` in the queues the actor may read, the oldest first. */
export function listNewTicketsInMyQueues(db: Db, actor: Actor, limit = DASHBOARD_LIST_LIMIT): Promise<ApiTicket[]> {
  return loadTicketViews(db, and(sql`${tickets.stateType} = 'new'`, inReadableQueues(db, actor)), [asc(tickets.createdAt), asc(tickets.id)], limit);
}

/**
 * The actor's `pending reminder` tickets, the earliest reminder first — reached or not: the
 * page shows those whose time has come, and the others as their time comes, without asking again.
 */
export function listMyReminders(db: Db, actor: Actor, limit = DASHBOARD_LIST_LIMIT): Promise<ApiTicket[]> {
  return loadTicketViews(db, and(eq(tickets.ownerId, actor.id), sql`${tickets.stateType} = 'pending_reminder'`, inReadableQueues(db, actor)), [asc(tickets.pendingUntil), asc(tickets.id)], limit);
}
