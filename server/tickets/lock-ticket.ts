import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { tickets } from "../../db/schema";
import type { Actor } from "../auth/actor";
import type { PermissionSet } from "../auth/permissions";
import { prebuildChangeWithHistory, runChangeWithHistory, type HistoryEntry } from "./history";
import { readForChange, refuseUnlessAllowed, type FastAction } from "./read-for-change";
import { changeTicket, changedTicketColumns, type TicketChange, type TicketRow } from "./ticket-change";
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

/** Lock statements in flight, per database handle, by ticket id and the version they lock. */
const inFlight = new WeakMap<Db, Map<string, Promise<ApiTicket | null>>>();

/**
 * Takes the ticket of the version read in one statement — unless another request of this
 * process is already taking that very version: then it waits for that statement instead of
 * sending its own, and is refused from what it committed. Many agents clicking the same new
 * ticket at once cost one statement, not one each. Null when this statement took nothing.
 */
async function takeOnce(db: Db, actor: Actor, ticket: TicketRow, permissions: PermissionSet): Promise<ApiTicket | null> {
  const key = `${ticket.id}:${ticket.version}`;
  let running = inFlight.get(db);
  if (!running) inFlight.set(db, (running = new Map()));
  const other = running.get(key);
  if (other) {
    const taken = await other.catch(() => null);
    if (taken?.owner && taken.owner.id !== actor.id) {
      await refuseUnlessAllowed(db, actor, LOCK, permissions, { ...ticket, lock: "locked", ownerId: taken.owner.id }, taken.owner);
    }
    return null;
  }
  const ownerChanged = ticket.ownerId !== actor.id;
  const entry: HistoryEntry = { ticketId: ticket.id, type: "Lock", name: `locked by ${actor.login}`, changes: ownerChanged ? ["lock", "owner"] : ["lock"] };
  const attempt = runChangeWithHistory(db, lockIfUnlocked, actor.id, entry, { ticketId: ticket.id, version: ticket.version });
  running.set(key, attempt);
  try {
    return await attempt;
  } finally {
    running.delete(key);
  }
}

/**
 * The contended case, without a transaction: many agents grabbing one ticket each read it, and
 * take it with one statement that only an unlocked ticket of that version matches (one per
 * process: see `takeOnce`). The winner holds the row for that statement only; the others wait
 * for it inside PostgreSQL, match nothing, read the ticket again and are refused from that
 * read. (Reading the lock inside the statement would need FOR SHARE, past the statement's
 * snapshot: measured slower, since every loser then writes a row lock and waits for its own
 * commit to reach the disk.)
 * Returns null for everything else (already ours, a version given, a change in between):
 * the ordinary path decides those.
 */
async function lockIfFree(db: Db, input: LockTicketInput): Promise<ApiTicket | null> {
  if (input.version !== undefined) return null;
  const { ticket, permissions } = await readForChange(db, input.actor, input.number, LOCK);
  if (ticket.lock === "locked") return null;
  const locked = await takeOnce(db, input.actor, ticket, permissions);
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
