import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { tickets } from "../../db/schema";
import type { Actor } from "../auth/actor";
import { changedTicketColumns, prebuildChangeWithHistory, runChangeWithHistory, type HistoryEntry } from "./history";
import { readForChange, type FastAction } from "./read-for-change";
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

const LOCK: FastAction = { action: "lock" };

/** Takes an unlocked ticket of the version read, with its history, in one statement. */
const lockIfUnlocked = prebuildChangeWithHistory(sql`
  update ${tickets} set lock = 'locked', owner_id = ${sql.placeholder("actorId")}, owner_activity_at = now(), version = version + 1, updated_at = now()
  where id = ${sql.placeholder("ticketId")} and lock = 'unlocked' and version = ${sql.placeholder("version")}
  returning ${changedTicketColumns}`);

/**
 * The contended case, without a transaction: many agents grabbing one ticket each read it, and
 * take it with one statement that only an unlocked ticket of that version matches. The winner
 * holds the row for that statement only; the others wait for it inside PostgreSQL, match
 * nothing, read the ticket again and are refused from that read. (Reading the lock inside the
 * statement would need FOR SHARE, past the statement's snapshot: measured slower, since every
 * loser then writes a row lock and waits for its own commit to reach the disk.)
 * Returns null for everything else (already ours, a version given, a change in between):
 * the ordinary path decides those.
 */
async function lockIfFree(db: Db, input: LockTicketInput): Promise<ApiTicket | null> {
  if (input.version !== undefined) return null;
  const { ticket } = await readForChange(db, input.actor, input.number, LOCK);
  if (ticket.lock === "locked") return null;
  const ownerChanged = ticket.ownerId !== input.actor.id;
  const entry: HistoryEntry = { ticketId: ticket.id, type: "Lock", name: `locked by ${input.actor.login}`, changes: ownerChanged ? ["lock", "owner"] : ["lock"] };
  const locked = await runChangeWithHistory(db, lockIfUnlocked, input.actor.id, entry, { ticketId: ticket.id, version: ticket.version });
  if (locked) return locked;
  await readForChange(db, input.actor, input.number, LOCK);
  return null;
}

export async function lockTicket(db: Db, input: LockTicketInput): Promise<ApiTicket> {
  const locked = await lockIfFree(db, input);
  if (locked) return locked;
  const { ticket } = await changeTicket(db, input, applyLock);
  return ticket;
}
