/**
 * The queue view's list as events change it: which ticket stays, goes, or comes in, and
 * where. Pure, so that the rules can be tested without a browser.
 */
import type { ApiTicket } from "@/server/tickets/ticket-view";

export type QueueFilter = "available" | "all";
export type QueueSort = "age" | "priority";

export interface QueueListContext {
  queueId: number;
  filter: QueueFilter;
  sort: QueueSort;
  limit: number;
  /** No page before this one: a ticket older than the first row still belongs here. */
  firstPage: boolean;
  /** No page after this one: a ticket newer than the last row belongs here, while there is room. */
  lastPage: boolean;
  /** State name → type (`closed successful` → `closed`). */
  stateTypes: Record<string, string>;
}

export interface QueueList {
  tickets: ApiTicket[];
  /** The newest version seen of each ticket, shown or not: an older event never undoes a newer one. */
  versions: Record<number, number>;
  /** Tickets that belong in the queue but not on this page (a page further on): the notice counts them. */
  elsewhere: number[];
}

export function initialQueueList(tickets: ApiTicket[]): QueueList {
  return { tickets, versions: Object.fromEntries(tickets.map((ticket) => [ticket.id, ticket.version])), elsewhere: [] };
}

/** Neither closed nor merged; a state unknown to the page (added since) by its name. */
export function isOpenState(state: string, stateTypes: Record<string, string>): boolean {
  const type = stateTypes[state] ?? (/^(closed|merged)/.test(state) ? "closed" : "open");
  return type !== "closed" && type !== "merged";
}

/** Negative when `a` comes first in the queue's order: the oldest first, or the highest priority and then the oldest. */
export function compareTickets(a: ApiTicket, b: ApiTicket, sort: QueueSort): number {
  if (sort === "priority" && a.priority !== b.priority) return b.priority - a.priority;
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.id - b.id;
}

const without = (ids: number[], id: number) => (ids.includes(id) ? ids.filter((other) => other !== id) : ids);

/**
 * Applies a ticket as an event (or an action's answer) shows it. Older than what was seen:
 * nothing happens. Moved away, closed or merged: it leaves. Changed: its row changes (and
 * moves, when its priority does under the priority sort). New here: it comes in where it
 * belongs on this page, or counts as "elsewhere" when it belongs on another page. In the
 * "available" view a shown ticket that someone locks stays, showing who took it, so that
 * rows do not vanish under the agent's cursor; a locked one never comes in.
 */
export function applyTicket(list: QueueList, context: QueueListContext, ticket: ApiTicket): QueueList {
  if (ticket.version <= (list.versions[ticket.id] ?? 0)) return list;
  const versions = { ...list.versions, [ticket.id]: ticket.version };
  const shown = list.tickets.some((row) => row.id === ticket.id);
  const inQueue = ticket.queue.id === context.queueId && isOpenState(ticket.state, context.stateTypes);
  const others = list.tickets.filter((row) => row.id !== ticket.id);

  if (!inQueue) return { tickets: others, versions, elsewhere: without(list.elsewhere, ticket.id) };
  if (shown) return { tickets: [...others, ticket].sort((a, b) => compareTickets(a, b, context.sort)), versions, elsewhere: list.elsewhere };
  if (context.filter === "available" && ticket.lock === "locked") return { ...list, versions, elsewhere: without(list.elsewhere, ticket.id) };

  if (fitsOnPage(others, context, ticket)) {
    return { tickets: [...others, ticket].sort((a, b) => compareTickets(a, b, context.sort)), versions, elsewhere: without(list.elsewhere, ticket.id) };
  }
  return { ...list, versions, elsewhere: list.elsewhere.includes(ticket.id) ? list.elsewhere : [...list.elsewhere, ticket.id] };
}

function fitsOnPage(rows: ApiTicket[], context: QueueListContext, ticket: ApiTicket): boolean {
  const first = rows[0];
  const last = rows.at(-1);
  if (!first || !last) return context.firstPage && context.lastPage;
  if (!context.firstPage && compareTickets(ticket, first, context.sort) < 0) return false;
  if (compareTickets(ticket, last, context.sort) < 0) return true;
  return context.lastPage && rows.length < context.limit;
}
