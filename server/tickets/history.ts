import { sql, type Query, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { prebuildQuery, runPrebuiltQuery } from "../../db/prebuilt-query";
import { ticketHistory, tickets } from "../../db/schema";
import { ticketViewJoins, ticketViewJson, type ApiTicket } from "./ticket-view";

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

type AppendedRow = { id: string; ticket_id: number; snapshot: ApiTicket };

/**
 * The lock, the insert and the NOTIFY as one statement: every transaction in the system
 * waits for the lock, so while it is held there is this statement and the commit, nothing else.
 * Each row carries the ticket as it stands after the whole transaction — or, with a
 * `ChangeStatement` run by the statement itself, as its update left it; when it updated
 * nothing, nothing is appended and no lock is taken.
 */
function appendStatement(change?: ChangeStatement): SQL {
  const ticketSource = change ? sql`changed as ${tickets}` : sql`${tickets}`;
  const entries =
    change?.entries ??
    sql`select * from rows from (jsonb_to_recordset(${sql.placeholder("rows")}::jsonb) as (ticket_id int, type text, name text, article_id int, previous_queue_id int, changes text[], data jsonb))
        with ordinality as e(ticket_id, type, name, article_id, previous_queue_id, changes, data, position)`;
  // The lock is taken while the rows are read, before nextval gives them ids. Each ticket's view
  // is looked up by its id on its own (the OFFSET keeps PostgreSQL from folding it into a join):
  // planned as a join against the entries (estimated at 100 rows), the cached plan of a young
  // database read every ticket and every customer for each append, long after they had grown.
  return sql`
    with ${change ? sql`changed as (${change.update}),` : sql``}
    entries as (${entries}),
    views as (
      select viewed.* from (select distinct ticket_id from entries) as entry_ticket, lateral (
        select ${tickets.id} as id, ${tickets.queueId} as queue_id, ${tickets.ownerId} as owner_id, ${tickets.state} as state, ${tickets.lock} as lock, ${tickets.priority} as priority, ${ticketViewJson}::jsonb as view
        from ${ticketSource} ${ticketViewJoins}
        where ${tickets.id} = entry_ticket.ticket_id
        offset 0) as viewed),
    appended as (
      insert into ${ticketHistory} (ticket_id, type, name, actor_id, article_id, previous_queue_id, queue_id, owner_id, state, lock, priority, changes, snapshot, data)
      select e.ticket_id, e.type, e.name, ${sql.placeholder("actorId")}::int, e.article_id, e.previous_queue_id, v.queue_id, v.owner_id, v.state, v.lock, v.priority, e.changes, v.view, e.data
      from (select pg_advisory_xact_lock(${HISTORY_APPEND_LOCK.toString()}::bigint) from views limit 1) as locked, entries e join views v on v.id = e.ticket_id
      order by e.position
      returning id, ticket_id, snapshot)
    select id, ticket_id, snapshot, pg_notify('helpdesk_events', (select max(id) from appended)::text) from appended order by id`;
}

const appendQuery = prebuildQuery(appendStatement());

/** The placeholders of the append statement. */
function appendValues(actorId: number | null, entries: HistoryEntry[]): Record<string, unknown> {
  const rows = entries.map((entry) => ({
    ticket_id: entry.ticketId,
    type: entry.type,
    name: entry.name,
    article_id: entry.articleId ?? null,
    previous_queue_id: entry.previousQueueId ?? null,
    changes: entry.changes ?? [],
    data: entry.data ?? null,
  }));
  return { actorId, rows: JSON.stringify(rows) };
}

function appendedFrom(rows: readonly AppendedRow[]): AppendedHistory {
  return { ids: rows.map((row) => Number(row.id)), views: new Map(rows.map((row) => [row.ticket_id, row.snapshot])) };
}

/**
 * Appends the history rows of a ticket transaction and announces them, as its last step
 * (DESIGN.md "The one rule for changes"): the advisory lock is held until commit, so a reader
 * that sees id N has seen every id below it; the NOTIFY is delivered on commit only.
 */
export async function appendHistory(tx: Db, actorId: number | null, entries: HistoryEntry[]): Promise<AppendedHistory> {
  if (entries.length === 0) return { ids: [], views: new Map() };
  return appendedFrom(await runPrebuiltQuery<AppendedRow>(tx, appendQuery, appendValues(actorId, entries)));
}

/** History appended by a transaction that has nothing left to do: its rows, known once it committed. */
export interface PendingHistory {
  readonly appended: Promise<AppendedHistory>;
}

/**
 * `appendHistory` for the hot paths, whose transaction callback returns right after it: the
 * statement goes to the connection now and the COMMIT follows it in the same flight, so the
 * append lock is held for the statement and the commit only — not also for the trip of its
 * result through a busy event loop before the COMMIT is sent. If the statement fails, the
 * COMMIT ends the transaction as a rollback and `appended` rejects with the statement's error:
 * the caller must await it before it reports success.
 */
export function appendHistoryLast(tx: Db, actorId: number | null, entries: HistoryEntry[]): PendingHistory {
  if (entries.length === 0) return { appended: Promise.resolve({ ids: [], views: new Map() }) };
  const appended = runPrebuiltQuery<AppendedRow>(tx, appendQuery, appendValues(actorId, entries)).then(appendedFrom);
  // Awaited by the caller after the commit; until then a rejection is not unhandled.
  appended.catch(() => {});
  return { appended };
}

/** A ticket change written as one SQL statement, with the history entry it appends. */
export interface ChangeStatement {
  /** An UPDATE of tickets RETURNING `changedTicketColumns` (and whatever `entries` reads besides). */
  update: SQL;
  /** The history entry of each changed ticket: see `entryOfChanged`. */
  entries: SQL;
}

/**
 * The history entry of a `ChangeStatement`, one per ticket its update changed, named by the
 * placeholder `name`; `changes` is a text[] expression that may read the update's RETURNING list.
 */
export function entryOfChanged(type: HistoryType, changes: SQL): SQL {
  return sql`select id as ticket_id, ${type}::text as type, ${sql.placeholder("name")}::text as name, null::int as article_id, null::int as previous_queue_id,
    ${changes} as changes, null::jsonb as data, 1::bigint as position from changed`;
}

/**
 * A ticket change as one statement with its history (see `appendStatement`), outside any
 * transaction, so the row lock its UPDATE takes is held inside PostgreSQL only, never across a
 * trip through Node. The placeholders are the change's own and `actorId`.
 */
export function prebuildChangeWithHistory(change: ChangeStatement): Query {
  return prebuildQuery(appendStatement(change));
}

/** Runs a change prebuilt by `prebuildChangeWithHistory`: the ticket as it left it, or null when it matched nothing. */
export async function runChangeWithHistory(db: Db, query: Query, actorId: number, values: Record<string, unknown>): Promise<ApiTicket | null> {
  const [row] = await runPrebuiltQuery<AppendedRow>(db, query, { ...values, actorId });
  return row?.snapshot ?? null;
}
