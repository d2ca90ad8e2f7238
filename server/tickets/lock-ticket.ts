import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { tickets } from "../../db/schema";
import type { Actor } from "../auth/actor";
import { decideTicketAction, effectivePermissions, mayRead } from "../auth/permissions";
import { grantedOnTicketQueue } from "../auth/queue-permissions";
import { NotFoundError } from "../errors";
import { appendHistory } from "./history";
import { changeTicket, refusal, ticketColumns, type TicketChange } from "./ticket-change";
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
 * The contended case, without queueing on the row lock: many agents grabbing one ticket each
 * read it, and take it with a conditional UPDATE that only an unlocked ticket of that version
 * matches. The winner holds the row for one statement; the others, once it commits, find it
 * locked and are refused at once — instead of each holding the row in turn to be refused.
 * Returns null for everything else (already ours, a version given, a change in between):
 * the ordinary path decides those.
 */
async function lockIfFree(db: Db, input: LockTicketInput): Promise<ApiTicket | null> {
  if (input.version !== undefined) return null;
  return db.transaction(async (tx) => {
    const [loaded] = await tx
      .select({ ...ticketColumns, granted: grantedOnTicketQueue(input.actor) })
      .from(tickets)
      .where(eq(tickets.number, input.number));
    if (!loaded) throw new NotFoundError("ticket");
    const { granted, ...ticket } = loaded;
    const permissions = effectivePermissions(granted, input.actor.isAdmin);
    if (!mayRead(permissions)) throw new NotFoundError("ticket");
    const decision = decideTicketAction({ action: "lock", actorId: input.actor.id, permissions, ticket });
    if (!decision.allowed) throw await refusal(tx, decision, ticket);
    if (ticket.lock === "locked") return null;

    const [locked] = await tx
      .update(tickets)
      .set({ lock: "locked", ownerId: input.actor.id, ownerActivityAt: sql`now()`, version: sql`${tickets.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(tickets.id, ticket.id), eq(tickets.lock, "unlocked"), eq(tickets.version, ticket.version)))
      .returning({ id: tickets.id });
    if (!locked) {
      const [now] = await tx.select(ticketColumns).from(tickets).where(eq(tickets.id, ticket.id));
      const again = decideTicketAction({ action: "lock", actorId: input.actor.id, permissions, ticket: now! });
      if (!again.allowed) throw await refusal(tx, again, now!);
      return null;
    }
    const ownerChanged = ticket.ownerId !== input.actor.id;
    const { views } = await appendHistory(tx, input.actor.id, [{ ticketId: ticket.id, type: "Lock", name: `locked by ${input.actor.login}`, changes: ownerChanged ? ["lock", "owner"] : ["lock"] }]);
    return views.get(ticket.id)!;
  });
}

export async function lockTicket(db: Db, input: LockTicketInput): Promise<ApiTicket> {
  const locked = await lockIfFree(db, input);
  if (locked) return locked;
  const { ticket } = await changeTicket(db, input, applyLock);
  return ticket;
}
