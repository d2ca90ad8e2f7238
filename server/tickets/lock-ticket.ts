import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { agents, tickets } from "../../db/schema";
import type { Actor } from "../auth/actor";
import { decideTicketAction, effectivePermissions, mayRead } from "../auth/permissions";
import { grantedOnTicketQueue } from "../auth/queue-permissions";
import { NotFoundError } from "../errors";
import { appendHistoryLast } from "./history";
import { changeTicket, refusal, ticketColumns, type TicketChange, type TicketRow } from "./ticket-change";
import type { ApiTicket } from "./ticket-view";

export interface LockTicketInput {
  actor: Actor;
  number: string;
  version?: number;
}

/** Locks the ticket to the actor, who becomes its owner; locking one's own lock again changes nothing. */
export async function applyLock(change: TicketChange): Promise<void> {
  await change.require("lock");
  if (change.lockedByActor) return;
  const ownerChanged = change.ticket.ownerId !== change.actor.id;
  await change.update({ lock: "locked", ownerId: change.actor.id, ownerActivityAt: sql`now()` });
  change.record({ type: "Lock", name: `locked by ${change.actor.login}`, changes: ownerChanged ? ["lock", "owner"] : ["lock"] });
}

/**
 * Reads the ticket with its lock holder in one statement, outside any transaction, and refuses
 * what the table refuses: the losers of a race for one ticket are answered from this read alone.
 */
async function readForLock(db: Db, input: LockTicketInput): Promise<TicketRow> {
  const [loaded] = await db
    .select({ ...ticketColumns, granted: grantedOnTicketQueue(input.actor), holderLogin: agents.login, holderName: agents.name })
    .from(tickets)
    .leftJoin(agents, eq(agents.id, tickets.ownerId))
    .where(eq(tickets.number, input.number));
  if (!loaded) throw new NotFoundError("ticket");
  const { granted, holderLogin, holderName, ...ticket } = loaded;
  const permissions = effectivePermissions(granted, input.actor.isAdmin);
  if (!mayRead(permissions)) throw new NotFoundError("ticket");
  const decision = decideTicketAction({ action: "lock", actorId: input.actor.id, permissions, ticket });
  if (!decision.allowed) {
    const holder = ticket.ownerId !== null && holderLogin !== null && holderName !== null ? { id: ticket.ownerId, login: holderLogin, name: holderName } : undefined;
    throw await refusal(db, decision, ticket, holder);
  }
  return ticket;
}

/**
 * The contended case, without queueing on the row lock: many agents grabbing one ticket each
 * read it, and take it with a conditional UPDATE that only an unlocked ticket of that version
 * matches. The winner holds the row for one statement and its history; the others, once it
 * commits, read it again and are refused from that read.
 * Returns null for everything else (already ours, a version given, a change in between):
 * the ordinary path decides those.
 */
async function lockIfFree(db: Db, input: LockTicketInput): Promise<ApiTicket | null> {
  if (input.version !== undefined) return null;
  const ticket = await readForLock(db, input);
  if (ticket.lock === "locked") return null;
  const pending = await db.transaction(async (tx) => {
    const [taken] = await tx
      .update(tickets)
      .set({ lock: "locked", ownerId: input.actor.id, ownerActivityAt: sql`now()`, version: sql`${tickets.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(tickets.id, ticket.id), eq(tickets.lock, "unlocked"), eq(tickets.version, ticket.version)))
      .returning({ id: tickets.id });
    if (!taken) return null;
    const ownerChanged = ticket.ownerId !== input.actor.id;
    return appendHistoryLast(tx, input.actor.id, [{ ticketId: ticket.id, type: "Lock", name: `locked by ${input.actor.login}`, changes: ownerChanged ? ["lock", "owner"] : ["lock"] }]);
  });
  if (pending) return (await pending.appended).views.get(ticket.id)!;
  await readForLock(db, input);
  return null;
}

export async function lockTicket(db: Db, input: LockTicketInput): Promise<ApiTicket> {
  const locked = await lockIfFree(db, input);
  if (locked) return locked;
  const { ticket } = await changeTicket(db, input, applyLock);
  return ticket;
}
