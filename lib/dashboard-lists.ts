/**
 * The dashboard's ticket lists as events change them: each event carries the ticket after the
 * change, and that alone says which lists it belongs in now. Pure, for tests.
 */
import type { ApiTicket } from "@/server/tickets/ticket-view";
import { isOpenState } from "./queue-list";

export type DashboardListName = "locked" | "new" | "reminders";

export interface DashboardLists {
  locked: ApiTicket[];
  new: ApiTicket[];
  reminders: ApiTicket[];
  /** The newest version seen of each ticket: an older event never undoes a newer one. */
  versions: Record<number, number>;
}

export interface DashboardContext {
  agentId: number;
  /** Queues the agent may read: a ticket moved elsewhere leaves "new in my queues". */
  queueIds: number[];
  stateTypes: Record<string, string>;
}

/** Which lists the ticket belongs in, as it is now. */
export function listsFor(ticket: ApiTicket, context: DashboardContext): Record<DashboardListName, boolean> {
  const type = context.stateTypes[ticket.state];
  const open = isOpenState(ticket.state, context.stateTypes);
  const readable = context.queueIds.includes(ticket.queue.id);
  const mine = ticket.owner?.id === context.agentId;
  return {
    locked: open && readable && mine && ticket.lock === "locked",
    new: readable && (type === "new" || (type === undefined && ticket.state === "new")),
    reminders: readable && mine && type === "pending_reminder",
  };
}

const byAge = (a: ApiTicket, b: ApiTicket) => (a.createdAt === b.createdAt ? a.id - b.id : a.createdAt < b.createdAt ? -1 : 1);
const byReminder = (a: ApiTicket, b: ApiTicket) => (a.pendingUntil ?? "").localeCompare(b.pendingUntil ?? "") || a.id - b.id;

export function initialDashboardLists(lists: Pick<DashboardLists, DashboardListName>): DashboardLists {
  const versions: Record<number, number> = {};
  for (const ticket of [...lists.locked, ...lists.new, ...lists.reminders]) versions[ticket.id] = Math.max(versions[ticket.id] ?? 0, ticket.version);
  return { ...lists, versions };
}

/** Puts the ticket in the lists it belongs in and takes it out of the others; stale versions are ignored. */
export function applyDashboardTicket(lists: DashboardLists, context: DashboardContext, ticket: ApiTicket): DashboardLists {
  if (ticket.version <= (lists.versions[ticket.id] ?? 0)) return lists;
  const belongs = listsFor(ticket, context);
  const place = (list: ApiTicket[], inIt: boolean, order: (a: ApiTicket, b: ApiTicket) => number) => {
    const others = list.filter((row) => row.id !== ticket.id);
    return inIt ? [...others, ticket].sort(order) : others;
  };
  return {
    locked: place(lists.locked, belongs.locked, byAge),
    new: place(lists.new, belongs.new, byAge),
    reminders: place(lists.reminders, belongs.reminders, byReminder),
    versions: { ...lists.versions, [ticket.id]: ticket.version },
  };
}

/** The reminders whose time has come, at `now`. */
export function remindersReached(reminders: ApiTicket[], now: number): ApiTicket[] {
  return reminders.filter((ticket) => ticket.pendingUntil !== null && Date.parse(ticket.pendingUntil) <= now);
}
