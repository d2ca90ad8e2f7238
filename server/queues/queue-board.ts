import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { tickets } from "../../db/schema";
import type { Actor } from "../auth/actor";
import type { LockOwner } from "../errors";
import { isOpenTicket } from "../tickets/open-states";
import { loadTicketViews, loadTicketViewsById, type ApiTicket } from "../tickets/ticket-view";
import { listReadableQueues, type QueueSummary } from "./list-readable-queues";

/** How many locked tickets the board lists in all; the counts are always complete. */
export const BOARD_LOCK_LIMIT = 500;

export interface BoardTicket {
  number: string;
  title: string;
  queueId: number;
  createdAt: string;
  lock: ApiTicket["lock"];
  owner: LockOwner | null;
}

export interface BoardQueue extends QueueSummary {
  /** The oldest ticket waiting for an answer (state type new or open), or null. */
  oldest: BoardTicket | null;
}

export interface QueueBoard {
  queues: BoardQueue[];
  /** Locked tickets in those queues, the oldest first (up to BOARD_LOCK_LIMIT). */
  locks: BoardTicket[];
  /** When it was read (ms): the ages shown are reckoned from it until the page's clock runs. */
  readAt: number;
}

const boardTicket = (ticket: ApiTicket): BoardTicket => ({ number: ticket.number, title: ticket.title, queueId: ticket.queue.id, createdAt: ticket.createdAt, lock: ticket.lock, owner: ticket.owner });

/**
 * The supervisor board: every queue the actor may read with its counts, its oldest waiting
 * ticket, and the locked tickets with who holds them. A few index-backed statements, so that
 * the board can be asked again after every burst of changes.
 */
export async function loadQueueBoard(db: Db, actor: Actor): Promise<QueueBoard> {
  const queues = await listReadableQueues(db, actor);
  const ids = queues.map((queue) => queue.id);
  if (ids.length === 0) return { queues: [], locks: [], readAt: Date.now() };

  // One probe per queue down its open-by-age index, not a sort of all its tickets.
  const oldestRows = await db.execute<{ queue_id: number; ticket_id: number }>(sql`
    select q.id as queue_id, t.id as ticket_id
    from unnest(${`{${ids.join(",")}}`}::int[]) as q(id)
    cross join lateral (
      select ${tickets.id} as id from ${tickets}
      where ${tickets.queueId} = q.id and ${isOpenTicket} and ${tickets.stateType} in ('new', 'open')
      order by ${tickets.createdAt}, ${tickets.id}
      limit 1) t`);
  const [oldestViews, locked] = await Promise.all([
    loadTicketViewsById(db, oldestRows.map((row) => row.ticket_id)),
    loadTicketViews(db, and(inArray(tickets.queueId, ids), eq(tickets.lock, "locked"), isOpenTicket), [asc(tickets.createdAt), asc(tickets.id)], BOARD_LOCK_LIMIT),
  ]);
  const oldestByQueue = new Map(oldestRows.map((row) => [row.queue_id, oldestViews.get(row.ticket_id)]));
  return {
    queues: queues.map((queue) => {
      const oldest = oldestByQueue.get(queue.id);
      return { ...queue, oldest: oldest ? boardTicket(oldest) : null };
    }),
    locks: locked.map(boardTicket),
    readAt: Date.now(),
  };
}
