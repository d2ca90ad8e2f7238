import { eq, inArray, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client";
import { agents, customers, queues, tickets } from "../../db/schema";
import type { LockOwner } from "../errors";

/** A ticket as the API, the events and the pages show it (CONTRACT.md). */
export interface ApiTicket {
  id: number;
  number: string;
  title: string;
  queue: { id: number; name: string };
  state: string;
  lock: "locked" | "unlocked";
  owner: LockOwner | null;
  priority: number;
  customer: { email: string; name: string | null } | null;
  version: number;
  pendingUntil: string | null;
  createdAt: string;
  updatedAt: string;
}

const iso = (column: AnyPgColumn) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The API's ticket, built by PostgreSQL from `tickets` joined with `queues`, `agents` (the
 * owner) and `customers` — the one definition, shared by reads and by the history rows, so
 * an event's ticket and the API's ticket are the same thing to the character.
 */
export const ticketViewJson = sql<ApiTicket>`json_build_object(
  'id', ${tickets.id}, 'number', ${tickets.number}, 'title', ${tickets.title},
  'queue', json_build_object('id', ${queues.id}, 'name', ${queues.name}),
  'state', ${tickets.state}, 'lock', ${tickets.lock},
  'owner', case when ${agents.id} is null then null else json_build_object('id', ${agents.id}, 'login', ${agents.login}, 'name', ${agents.name}) end,
  'priority', ${tickets.priority},
  'customer', case when ${customers.id} is null then null else json_build_object('email', ${customers.email}, 'name', ${customers.name}) end,
  'version', ${tickets.version},
  'pendingUntil', ${iso(tickets.pendingUntil)}, 'createdAt', ${iso(tickets.createdAt)}, 'updatedAt', ${iso(tickets.updatedAt)})`;

/** The joins ticketViewJson needs, after `from tickets`. */
export const ticketViewJoins = sql`join ${queues} on ${queues.id} = ${tickets.queueId}
  left join ${agents} on ${agents.id} = ${tickets.ownerId}
  left join ${customers} on ${customers.id} = ${tickets.customerId}`;

/** The API view of the tickets matching `where`, in the order given. */
export async function loadTicketViews(db: Db, where: SQL | undefined, orderBy: SQL[] = [], limit?: number): Promise<ApiTicket[]> {
  let query = db
    .select({ view: ticketViewJson })
    .from(tickets)
    .innerJoin(queues, eq(queues.id, tickets.queueId))
    .leftJoin(agents, eq(agents.id, tickets.ownerId))
    .leftJoin(customers, eq(customers.id, tickets.customerId))
    .where(where)
    .orderBy(...orderBy)
    .$dynamic();
  if (limit !== undefined) query = query.limit(limit);
  return (await query).map((row) => row.view);
}

export async function loadTicketView(db: Db, ticketId: number): Promise<ApiTicket> {
  const [view] = await loadTicketViews(db, eq(tickets.id, ticketId));
  if (!view) throw new Error(`ticket ${ticketId} vanished`);
  return view;
}

export async function loadTicketViewsById(db: Db, ticketIds: number[]): Promise<Map<number, ApiTicket>> {
  const views = await loadTicketViews(db, inArray(tickets.id, ticketIds));
  return new Map(views.map((view) => [view.id, view]));
}
