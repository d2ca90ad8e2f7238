import { and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { tickets } from "../../db/schema";
import { InvalidInputError } from "../errors";
import { isOpenTicket } from "./open-states";
import { loadTicketViewsById, type ApiTicket } from "./ticket-view";

export type QueueFilter = "available" | "all";
export type QueueSort = "age" | "priority";

export interface QueueTicketsInput {
  queueId: number;
  /** `available`: only unlocked tickets, those an agent may take. */
  filter: QueueFilter;
  sort: QueueSort;
  /** The page after this cursor (a `nextCursor`/`endCursor`)… */
  after?: string;
  /** …or the page before this one (a `prevCursor`). */
  before?: string;
  limit: number;
}

export interface QueueTicketsPage {
  tickets: ApiTicket[];
  /** The next page; null on the last. */
  nextCursor: string | null;
  /** The previous page; null on the first. */
  prevCursor: string | null;
  /** After the last ticket shown, even on the last page: where tickets that arrive later will be. */
  endCursor: string | null;
}

/** A page edge: the sort keys of a ticket, its creation time as PostgreSQL's text (to the microsecond). */
const cursorSchema = z.object({ sort: z.enum(["age", "priority"]), priority: z.number().int(), at: z.string(), id: z.number().int() });
type Cursor = z.infer<typeof cursorSchema>;
type Row = { id: number; priority: number; at: string };

const encode = (sort: QueueSort, row: Row) => Buffer.from(JSON.stringify({ sort, priority: row.priority, at: row.at, id: row.id } satisfies Cursor)).toString("base64url");

function decode(value: string, sort: QueueSort, field: string): Cursor {
  try {
    const cursor = cursorSchema.parse(JSON.parse(Buffer.from(value, "base64url").toString()));
    if (cursor.sort === sort && !Number.isNaN(Date.parse(cursor.at))) return cursor;
  } catch {
    // reported below
  }
  throw new InvalidInputError(field, "not a cursor of this listing; start again without it");
}

/** Tickets after the cursor in the queue's order (`direction` 1), or before it (-1). */
function beyond(cursor: Cursor, sort: QueueSort, direction: 1 | -1): SQL {
  const age = direction === 1 ? sql`(${tickets.createdAt}, ${tickets.id}) > (${cursor.at}::timestamptz, ${cursor.id})` : sql`(${tickets.createdAt}, ${tickets.id}) < (${cursor.at}::timestamptz, ${cursor.id})`;
  if (sort === "age") return age;
  const priority = direction === 1 ? sql`${tickets.priority} < ${cursor.priority}` : sql`${tickets.priority} > ${cursor.priority}`;
  return sql`(${priority} or (${tickets.priority} = ${cursor.priority} and ${age}))`;
}

function order(sort: QueueSort, direction: 1 | -1): SQL[] {
  const up = direction === 1;
  const byAge = up ? [asc(tickets.createdAt), asc(tickets.id)] : [desc(tickets.createdAt), desc(tickets.id)];
  return sort === "priority" ? [up ? desc(tickets.priority) : asc(tickets.priority), ...byAge] : byAge;
}

async function rowsOf(db: Db, where: SQL | undefined, orderBy: SQL[], limit: number): Promise<Row[]> {
  return db
    .select({ id: tickets.id, priority: tickets.priority, at: sql<string>`${tickets.createdAt}::text` })
    .from(tickets)
    .where(where)
    .orderBy(...orderBy)
    .limit(limit);
}

/**
 * One page of a queue's open tickets in OTRS's queue view order — the oldest first, or the
 * highest priority first and then the oldest — paged by keys both ways, so the thousandth page
 * costs what the first does. The caller has checked that the actor may read the queue.
 */
export async function listQueueTickets(db: Db, input: QueueTicketsInput): Promise<QueueTicketsPage> {
  const { sort, limit } = input;
  const base = and(eq(tickets.queueId, input.queueId), isOpenTicket, input.filter === "available" ? eq(tickets.lock, "unlocked") : undefined);
  let rows: Row[];
  let more: { before: boolean; after: boolean };
  if (input.before) {
    const fetched = await rowsOf(db, and(base, beyond(decode(input.before, sort, "before"), sort, -1)), order(sort, -1), limit + 1);
    // Fewer than a page before it (tickets left meanwhile): show the first page, full.
    if (fetched.length <= limit) return listQueueTickets(db, { ...input, before: undefined, after: undefined });
    rows = fetched.slice(0, limit).reverse();
    more = { before: true, after: true };
  } else {
    const after = input.after ? decode(input.after, sort, "cursor") : null;
    const fetched = await rowsOf(db, and(base, after ? beyond(after, sort, 1) : undefined), order(sort, 1), limit + 1);
    rows = fetched.slice(0, limit);
    more = { before: after !== null, after: fetched.length > limit };
  }
  const views = await loadTicketViewsById(db, rows.map((row) => row.id));
  const first = rows[0];
  const last = rows.at(-1);
  return {
    // A ticket gone between the two reads is left out rather than shown half.
    tickets: rows.map((row) => views.get(row.id)).filter((view): view is ApiTicket => view !== undefined),
    nextCursor: more.after && last ? encode(sort, last) : null,
    prevCursor: more.before ? (first ? encode(sort, first) : (input.after ?? null)) : null,
    endCursor: last ? encode(sort, last) : null,
  };
}
