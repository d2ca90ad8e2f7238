import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import type { Actor } from "../auth/actor";
import { changeTicket, type TicketChange } from "./ticket-change";
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

export async function lockTicket(db: Db, input: LockTicketInput): Promise<ApiTicket> {
  const { ticket } = await changeTicket(db, input, async (change) => {
    await applyLock(change);
  });
  return ticket;
}
