import { eq, getTableColumns, sql } from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client";
import { prebuildQuery, runPrebuiltQuery } from "../../db/prebuilt-query";
import { agents, tickets } from "../../db/schema";
import type { Actor } from "../auth/actor";
import { decideTicketAction, effectivePermissions, mayRead, type Decision, type Permission, type PermissionSet, type TicketAction } from "../auth/permissions";
import { grantedOnTicketQueueTo } from "../auth/queue-permissions";
import { ForbiddenError, NotFoundError, TicketLockedError, VersionConflictError, type LockOwner } from "../errors";
import { allocateArticleIds, type ArticleIds } from "./articles";
import { appendHistoryLast, type HistoryEntry } from "./history";
import { loadTicketView, type ApiTicket } from "./ticket-view";

/** The ticket's columns but its search vector, which can be large and is only ever used in SQL. */
const { searchVector: _searchVector, ...columns } = getTableColumns(tickets);
export const ticketColumns = columns;
/** The same columns as a RETURNING list, for a change written in SQL (`prebuildChangeWithHistory`). */
export const changedTicketColumns = sql.join(
  Object.values(ticketColumns).map((column) => sql.identifier(column.name)),
  sql`, `,
);
export type TicketRow = Omit<typeof tickets.$inferSelect, "searchVector">;

/** A ticket row as PostgreSQL sent it for `changedTicketColumns`, each column mapped as drizzle maps it. */
export function ticketRowFromDriver(raw: Record<string, unknown>): TicketRow {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(ticketColumns)) {
    const value = raw[column.name];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as TicketRow;
}

/**
 * The tickets of a change, locked in id order, each with what the actor was granted on its
 * queue. Built once and sent as soon as it is called: whatever the change sends after it is
 * queued behind it on the transaction's connection.
 */
const lockTicketsQuery = prebuildQuery(sql`
  select ${changedTicketColumns}, ${grantedOnTicketQueueTo(sql.placeholder("actorId"))} as granted
  from ${tickets} where ${tickets.number} = any(${sql.placeholder("numbers")}) order by ${tickets.id} for update of ${tickets}`);
type TicketValues = Omit<PgUpdateSetSource<typeof tickets>, "id" | "version" | "updatedAt">;

export interface ChangeRequest<Prefetched = undefined> {
  actor: Actor;
  number: string;
  /** Other tickets the change writes (a merge target): locked with the ticket, in id order. */
  alsoLock?: string[];
  /** The ticket's version the edit was made against: a stale one is a conflict, never a silent overwrite. */
  version?: number;
  /** The change writes an article with this many attachments: its ids are drawn with the row lock, in the same flight. */
  newArticle?: { attachments: number };
  /**
   * Reads keyed by the ticket's number that `work` needs, sent in the first flight right behind
   * the row lock: later statements on the same connection, so they see the ticket as locked,
   * and `work` has them without a round trip of its own.
   */
  prefetch?: (tx: Db, number: string) => Promise<Prefetched>;
}

export async function loadLockOwner(db: Db, agentId: number): Promise<LockOwner> {
  const [owner] = await db.select({ id: agents.id, login: agents.login, name: agents.name }).from(agents).where(eq(agents.id, agentId));
  return owner!;
}

/**
 * One change to one ticket (and sometimes a second), inside its transaction, with the ticket
 * row locked: domain functions check the table, write, and record history through it;
 * `changeTicket` appends the history last and announces it.
 */
export class TicketChange {
  readonly entries: HistoryEntry[] = [];
  private readonly bumped = new Set<number>();
  /** Writes sent without waiting for their answer (`pipeline`). */
  readonly pipelined: Promise<unknown>[] = [];

  constructor(
    readonly tx: Db,
    readonly actor: Actor,
    public ticket: TicketRow,
    readonly permissions: PermissionSet,
    /** The other locked tickets, by number. */
    readonly others: ReadonlyMap<string, TicketRow>,
    private readonly drawnArticleIds?: ArticleIds,
  ) {}

  /** The ids drawn for the article the request announced (`ChangeRequest.newArticle`). */
  get articleIds(): ArticleIds {
    if (!this.drawnArticleIds) throw new Error("the change request announced no new article");
    return this.drawnArticleIds;
  }

  /**
   * A write nothing in the change depends on: it leaves with the statements after it (at the
   * latest with the history and the COMMIT) instead of costing a round trip of its own.
   * `changeTicket` reports its failure, which rolls the whole change back.
   */
  pipeline(write: Promise<unknown>): void {
    write.catch(() => {});
    this.pipelined.push(write);
  }

  get lockedByActor(): boolean {
    return this.ticket.lock === "locked" && this.ticket.ownerId === this.actor.id;
  }

  /** Refuses the action, in CONTRACT.md's terms, unless the "Permissions and locks" table allows it. */
  async require(action: TicketAction, options: { force?: boolean; targetPermissions?: PermissionSet } = {}): Promise<void> {
    const decision = decideTicketAction({ action, actorId: this.actor.id, permissions: this.permissions, ticket: this.ticket, ...options });
    if (!decision.allowed) throw await refusal(this.tx, decision, this.ticket);
  }

  /** Writes ticket columns; the first write of a ticket in the transaction also bumps its version. */
  async update(values: TicketValues, ticketId = this.ticket.id): Promise<TicketRow> {
    const first = !this.bumped.has(ticketId);
    this.bumped.add(ticketId);
    const [row] = await this.tx
      .update(tickets)
      .set({ ...values, ...(first ? { version: sql`${tickets.version} + 1`, updatedAt: sql`now()` } : {}) })
      .where(eq(tickets.id, ticketId))
      .returning(ticketColumns);
    if (ticketId === this.ticket.id) this.ticket = row!;
    return row!;
  }

  record(entry: Omit<HistoryEntry, "ticketId"> & { ticketId?: number }): void {
    this.entries.push({ ticketId: this.ticket.id, ...entry });
  }
}

/** The error for a refused action; `owner` saves reading the lock holder when the caller has it already. */
export async function refusal(db: Db, decision: Exclude<Decision, { allowed: true }>, ticket: Pick<TicketRow, "ownerId">, owner?: LockOwner): Promise<Error> {
  switch (decision.reason) {
    case "not_found":
      return new NotFoundError(decision.message.replace(/ not found$/, ""));
    case "forbidden":
      return new ForbiddenError(decision.message);
    case "locked": {
      const holder = owner ?? (await loadLockOwner(db, ticket.ownerId!));
      return new TicketLockedError(holder, `the ticket is locked by ${holder.name} (${holder.login})${decision.hint ? `: ${decision.hint}` : ""}`);
    }
  }
}

/** The reason of the first write that failed, if any did. */
async function firstFailure(writes: Promise<unknown>[]): Promise<unknown> {
  const failed = (await Promise.allSettled(writes)).find((outcome) => outcome.status === "rejected");
  return failed?.reason;
}

/**
 * Runs `work` on the ticket in one transaction (DESIGN.md "The one rule for changes"): the
 * row is locked first (`FOR UPDATE`), a ticket the actor may not read is not found, and the
 * history rows `work` recorded are appended last, with one NOTIFY. Returns the ticket as it
 * is after the change, and what `work` returned.
 */
export async function changeTicket<T, Prefetched = undefined>(
  db: Db,
  request: ChangeRequest<Prefetched>,
  work: (change: TicketChange, prefetched: Prefetched) => Promise<T>,
): Promise<{ ticket: ApiTicket; result: T }> {
  let change: TicketChange | undefined;
  const done = await db.transaction(async (tx) => {
    const numbers = [request.number, ...(request.alsoLock ?? [])];
    // In this order: the lock first, the reads that must see the locked ticket after it.
    const [loaded, articleIds, prefetched] = await Promise.all([
      runPrebuiltQuery<Record<string, unknown> & { granted: Permission[] }>(tx, lockTicketsQuery, { actorId: request.actor.id, numbers }),
      request.newArticle ? allocateArticleIds(tx, request.newArticle.attachments) : undefined,
      request.prefetch?.(tx, request.number),
    ]);
    const rows = loaded.map(ticketRowFromDriver);
    const index = rows.findIndex((row) => row.number === request.number);
    if (index === -1) throw new NotFoundError("ticket");
    const ticket = rows[index]!;
    const permissions = effectivePermissions(loaded[index]!.granted, request.actor.isAdmin);
    if (!mayRead(permissions)) throw new NotFoundError("ticket");

    // A stale version is answered last (CONTRACT.md's order: a refusal or another's lock
    // comes first), with the ticket as it was before this transaction touched it.
    const stale = request.version !== undefined && request.version !== ticket.version ? await loadTicketView(tx, ticket.id) : null;
    const others = new Map(rows.filter((row) => row !== ticket).map((row) => [row.number, row]));
    change = new TicketChange(tx, request.actor, ticket, permissions, others, articleIds);
    const result = await work(change, prefetched as Prefetched);
    if (stale) throw new VersionConflictError(stale);
    return { ticketId: change.ticket.id, pending: appendHistoryLast(tx, request.actor.id, change.entries), result };
  }).catch(async (error: unknown) => {
    // After a pipelined write failed, every later statement fails with "transaction aborted": report the cause.
    throw (await firstFailure(change?.pipelined ?? [])) ?? error;
  });
  // A failed pipelined write turned the COMMIT into a rollback.
  await Promise.all(change!.pipelined);
  const { views } = await done.pending.appended;
  // A change that recorded nothing (locking one's own lock again) shows the ticket as it is.
  return { ticket: views.get(done.ticketId) ?? (await loadTicketView(db, done.ticketId)), result: done.result };
}
