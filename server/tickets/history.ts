import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { ticketHistory } from "../../db/schema";
import { loadTicketViewsById, type ApiTicket } from "./ticket-view";

/** OTRS's history types that Helpdesk writes (`Kernel/System/Ticket` names). */
export const HISTORY_TYPES = [
  "NewTicket",
  "FollowUp",
  "SendAnswer",
  "AddNote",
  "PhoneCallCustomer",
  "EmailCustomer",
  "Lock",
  "Unlock",
  "LockTimeout",
  "Move",
  "OwnerUpdate",
  "StateUpdate",
  "SetPendingTime",
  "PriorityUpdate",
  "TitleUpdate",
  "Merged",
  "TicketLinkAdd",
  "ReminderReached",
  "SendAutoReply",
  "SendAutoReject",
  "SendAutoFollowUp",
  "LoopProtection",
  "Misc",
] as const;
export type HistoryType = (typeof HISTORY_TYPES)[number];

/** The ticket fields an event says it changed (CONTRACT.md `changes`). */
export type TicketField = "lock" | "owner" | "state" | "queue" | "priority" | "title";

export interface ArticleSummary {
  id: number;
  kind: string;
  from: string | null;
  subject: string;
  excerpt: string;
}

export interface NotificationSummary {
  id: number;
  agentId: number;
  kind: string;
  text: string;
}

export interface HistoryData {
  article?: ArticleSummary;
  notifications?: NotificationSummary[];
}

export interface HistoryEntry {
  ticketId: number;
  type: HistoryType;
  name: string;
  changes?: TicketField[];
  articleId?: number;
  previousQueueId?: number;
  data?: HistoryData;
}

/** Transaction advisory lock that serialises history appends, so ids are handed out in commit order. */
const HISTORY_APPEND_LOCK = 0x68697374n;

export interface AppendedHistory {
  ids: number[];
  /** The tickets as the rows carry them: after the whole transaction. */
  views: Map<number, ApiTicket>;
}

/**
 * Appends the history rows of a ticket transaction and announces them, as its last step
 * (DESIGN.md "The one rule for changes"): the advisory lock is held until commit, so a reader
 * that sees id N has seen every id below it; the NOTIFY is delivered on commit only.
 * Each row carries the ticket as it stands after the whole transaction.
 *
 * The lock, the insert and the NOTIFY are one statement: every transaction in the system
 * waits for the lock, so what happens while it is held is one round trip and the commit.
 */
export async function appendHistory(tx: Db, actorId: number | null, entries: HistoryEntry[]): Promise<AppendedHistory> {
  if (entries.length === 0) return { ids: [], views: new Map() };
  const views = await loadTicketViewsById(tx, [...new Set(entries.map((entry) => entry.ticketId))]);
  const rows = entries.map((entry) => {
    const view = views.get(entry.ticketId)!;
    return {
      ticket_id: entry.ticketId,
      type: entry.type,
      name: entry.name,
      actor_id: actorId,
      article_id: entry.articleId ?? null,
      previous_queue_id: entry.previousQueueId ?? null,
      queue_id: view.queue.id,
      owner_id: view.owner?.id ?? null,
      state: view.state,
      lock: view.lock,
      priority: view.priority,
      changes: entry.changes ?? [],
      snapshot: view,
      data: entry.data ?? null,
    };
  });
  // The lock is taken while the rows are read from the parameter, before nextval gives them ids.
  const inserted = await tx.execute<{ id: string }>(sql`
    with appended as (
      insert into ${ticketHistory} (ticket_id, type, name, actor_id, article_id, previous_queue_id, queue_id, owner_id, state, lock, priority, changes, snapshot, data)
      select r.ticket_id, r.type, r.name, r.actor_id, r.article_id, r.previous_queue_id, r.queue_id, r.owner_id, r.state, r.lock::lock_state, r.priority, r.changes, r.snapshot, r.data
      from (select pg_advisory_xact_lock(${HISTORY_APPEND_LOCK.toString()}::bigint)) as locked,
        rows from (jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as (ticket_id int, type text, name text, actor_id int, article_id int, previous_queue_id int, queue_id int, owner_id int, state text, lock text, priority smallint, changes text[], snapshot jsonb, data jsonb))
          with ordinality as r(ticket_id, type, name, actor_id, article_id, previous_queue_id, queue_id, owner_id, state, lock, priority, changes, snapshot, data, position)
      order by r.position
      returning id)
    select id, pg_notify('helpdesk_events', (select max(id) from appended)::text) from appended order by id`);
  return { ids: inserted.map((row) => Number(row.id)), views };
}
