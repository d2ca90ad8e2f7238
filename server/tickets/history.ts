import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { ticketHistory } from "../../db/schema";
import { loadTicketViewsById } from "./ticket-view";

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

/**
 * Appends the history rows of a ticket transaction and announces them, as its last step
 * (DESIGN.md "The one rule for changes"): the advisory lock is held until commit, so a reader
 * that sees id N has seen every id below it; the NOTIFY is delivered on commit only.
 * Each row carries the ticket as it stands after the whole transaction.
 */
export async function appendHistory(tx: Db, actorId: number | null, entries: HistoryEntry[]): Promise<number[]> {
  if (entries.length === 0) return [];
  const views = await loadTicketViewsById(tx, [...new Set(entries.map((entry) => entry.ticketId))]);
  await tx.execute(sql`select pg_advisory_xact_lock(${HISTORY_APPEND_LOCK.toString()}::bigint)`);
  const rows = await tx
    .insert(ticketHistory)
    .values(
      entries.map((entry) => {
        const view = views.get(entry.ticketId)!;
        return {
          ticketId: entry.ticketId,
          type: entry.type,
          name: entry.name,
          actorId,
          articleId: entry.articleId ?? null,
          previousQueueId: entry.previousQueueId ?? null,
          queueId: view.queue.id,
          ownerId: view.owner?.id ?? null,
          state: view.state,
          lock: view.lock,
          priority: view.priority,
          changes: entry.changes ?? [],
          snapshot: view,
          data: entry.data ?? null,
        };
      }),
    )
    .returning({ id: ticketHistory.id });
  const ids = rows.map((row) => row.id);
  await tx.execute(sql`select pg_notify('helpdesk_events', ${String(ids.at(-1))})`);
  return ids;
}
