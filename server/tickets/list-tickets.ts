import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { agents, customers, queues, tickets } from "../../db/schema";
import type { Actor } from "../auth/actor";
import { readConfig } from "../config";
import { mayRead } from "../auth/permissions";
import { loadPermissionsOnQueue, readableQueueCondition } from "../auth/queue-permissions";
import { InvalidInputError, NotFoundError } from "../errors";
import { findQueue } from "../queues/find-queue";
import { parseInput } from "../validation";
import { isClosedTicket, isOpenTicket } from "./open-states";
import { loadTicketViewsById, type ApiTicket } from "./ticket-view";

const dayOrInstant = z.union([z.iso.date(), z.iso.datetime({ offset: true })], { error: "a date (YYYY-MM-DD) or an ISO 8601 date and time" });

/** Where a `createdFrom`/`createdTo` bound lies: a day starts and ends in HELPDESK_TIMEZONE, an instant is itself. */
function createdBound(value: string, edge: "from" | "to"): SQL {
  if (value.length > 10) return edge === "from" ? sql`${tickets.createdAt} >= ${value}::timestamptz` : sql`${tickets.createdAt} <= ${value}::timestamptz`;
  const zone = readConfig().HELPDESK_TIMEZONE;
  return edge === "from"
    ? sql`${tickets.createdAt} >= (${value}::date)::timestamp at time zone ${zone}`
    : sql`${tickets.createdAt} < (${value}::date + 1)::timestamp at time zone ${zone}`;
}

export const listTicketsInput = z.object({
  queue: z.union([z.number().int(), z.string().min(1)]).optional(),
  state: z.enum(["open", "closed", "all"]).default("open"),
  owner: z.string().min(1).optional(),
  lock: z.enum(["locked", "unlocked"]).optional(),
  customer: z.string().min(1).optional(),
  q: z.string().max(500).optional(),
  /** Created on or after: a day (YYYY-MM-DD, from its start in HELPDESK_TIMEZONE) or an instant (ISO 8601). */
  createdFrom: dayOrInstant.optional(),
  /** Created on or before: a day (to its end, inclusive) or an instant. */
  createdTo: dayOrInstant.optional(),
  sort: z.enum(["age", "priority"]).default("age"),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
});
export type ListTicketsInput = z.input<typeof listTicketsInput>;

export interface TicketPage {
  tickets: ApiTicket[];
  /** Pass as `cursor` for the next page; null on the last. */
  nextCursor: string | null;
}

/** Where a page ended: the sort keys of its last ticket (the timestamp as PostgreSQL's text, to the microsecond). */
const cursorSchema = z.union([
  z.object({ sort: z.literal("age"), at: z.string(), id: z.number().int() }),
  z.object({ sort: z.literal("priority"), priority: z.number().int(), at: z.string(), id: z.number().int() }),
]);
type Cursor = z.infer<typeof cursorSchema>;

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

function decodeCursor(value: string, sort: Cursor["sort"]): Cursor {
  try {
    const cursor = cursorSchema.parse(JSON.parse(Buffer.from(value, "base64url").toString()));
    if (cursor.sort === sort && !Number.isNaN(Date.parse(cursor.at))) return cursor;
  } catch {
    // reported below
  }
  throw new InvalidInputError("cursor", "not a cursor of this listing; start again without it");
}

async function visibleQueues(db: Db, actor: Actor, queue: number | string | undefined): Promise<SQL | undefined> {
  if (queue !== undefined) {
    const found = await findQueue(db, queue);
    if (!mayRead(await loadPermissionsOnQueue(db, actor, found.id))) throw new NotFoundError("queue");
    return eq(tickets.queueId, found.id);
  }
  if (actor.isAdmin) return undefined;
  return inArray(tickets.queueId, db.select({ id: queues.id }).from(queues).where(readableQueueCondition(actor)));
}

/**
 * The tickets the actor may read, filtered: by default the open ones, oldest first (OTRS's
 * queue view), or highest priority first; `q` searches titles and articles. Keyset-paged, so
 * a page costs the same however deep it is.
 */
export async function listTickets(db: Db, actor: Actor, raw: ListTicketsInput): Promise<TicketPage> {
  const input = parseInput(listTicketsInput, raw);
  const conditions: (SQL | undefined)[] = [await visibleQueues(db, actor, input.queue)];
  if (input.state === "open") conditions.push(isOpenTicket);
  if (input.state === "closed") conditions.push(isClosedTicket);
  if (input.lock) conditions.push(eq(tickets.lock, input.lock));
  if (input.owner) conditions.push(inArray(tickets.ownerId, db.select({ id: agents.id }).from(agents).where(sql`lower(${agents.login}) = lower(${input.owner})`)));
  if (input.customer) conditions.push(inArray(tickets.customerId, db.select({ id: customers.id }).from(customers).where(sql`lower(${customers.email}) = lower(${input.customer})`)));
  if (input.createdFrom) conditions.push(createdBound(input.createdFrom, "from"));
  if (input.createdTo) conditions.push(createdBound(input.createdTo, "to"));
  const query = input.q?.trim();
  if (query) conditions.push(sql`${tickets.searchVector} @@ websearch_to_tsquery('simple', ${query})`);

  const cursor = input.cursor ? decodeCursor(input.cursor, input.sort) : null;
  if (cursor?.sort === "age") conditions.push(sql`(${tickets.createdAt}, ${tickets.id}) > (${cursor.at}::timestamptz, ${cursor.id})`);
  if (cursor?.sort === "priority") {
    conditions.push(sql`(${tickets.priority} < ${cursor.priority} or (${tickets.priority} = ${cursor.priority} and (${tickets.createdAt}, ${tickets.id}) > (${cursor.at}::timestamptz, ${cursor.id})))`);
  }
  const order = input.sort === "priority" ? [desc(tickets.priority), asc(tickets.createdAt), asc(tickets.id)] : [asc(tickets.createdAt), asc(tickets.id)];

  const rows = await db
    .select({ id: tickets.id, priority: tickets.priority, at: sql<string>`${tickets.createdAt}::text` })
    .from(tickets)
    .where(and(...conditions))
    .orderBy(...order)
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const views = await loadTicketViewsById(db, page.map((row) => row.id));
  const last = page.at(-1);
  const nextCursor =
    rows.length > input.limit && last
      ? encodeCursor(input.sort === "priority" ? { sort: "priority", priority: last.priority, at: last.at, id: last.id } : { sort: "age", at: last.at, id: last.id })
      : null;
  return { tickets: page.map((row) => views.get(row.id)!), nextCursor };
}
