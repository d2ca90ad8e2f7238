import { eq, inArray, type SQL } from "drizzle-orm";
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

const columns = {
  id: tickets.id,
  number: tickets.number,
  title: tickets.title,
  queueId: tickets.queueId,
  queueName: queues.name,
  state: tickets.state,
  lock: tickets.lock,
  ownerId: agents.id,
  ownerLogin: agents.login,
  ownerName: agents.name,
  priority: tickets.priority,
  customerEmail: customers.email,
  customerName: customers.name,
  version: tickets.version,
  pendingUntil: tickets.pendingUntil,
  createdAt: tickets.createdAt,
  updatedAt: tickets.updatedAt,
};

function toApiTicket(row: ViewRow): ApiTicket {
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    queue: { id: row.queueId, name: row.queueName! },
    state: row.state,
    lock: row.lock,
    owner: row.ownerId === null ? null : { id: row.ownerId, login: row.ownerLogin!, name: row.ownerName! },
    priority: row.priority,
    customer: row.customerEmail === null ? null : { email: row.customerEmail, name: row.customerName },
    version: row.version,
    pendingUntil: row.pendingUntil?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function selectViews(db: Db) {
  return db
    .select(columns)
    .from(tickets)
    .innerJoin(queues, eq(queues.id, tickets.queueId))
    .leftJoin(agents, eq(agents.id, tickets.ownerId))
    .leftJoin(customers, eq(customers.id, tickets.customerId))
    .$dynamic();
}

type ViewRow = Awaited<ReturnType<typeof selectViews>>[number];

/** The API view of the tickets matching `where`, in the order given. */
export async function loadTicketViews(db: Db, where: SQL | undefined, orderBy: SQL[] = [], limit?: number): Promise<ApiTicket[]> {
  let query = selectViews(db).where(where).orderBy(...orderBy);
  if (limit !== undefined) query = query.limit(limit);
  return (await query).map(toApiTicket);
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
