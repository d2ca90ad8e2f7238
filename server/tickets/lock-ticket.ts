import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { agents, tickets } from "../../db/schema";
import type { Actor } from "../auth/actor";
import { changedTicketColumns, prebuildChangeWithHistory, runChangeWithHistory, type HistoryEntry } from "./history";
import { holderOf, readForChange, refuseUnlessAllowed, type FastAction } from "./read-for-change";
import { changeTicket, type TicketChange, type TicketRow } from "./ticket-change";
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

/** The lock columns of a ticket that was not taken, as they are once the one that took it committed. */
interface LockState {
  lock: TicketRow["lock"];
  ownerId: number | null;
  queueId: number;
  version: number;
  holderLogin: string | null;
  holderName: string | null;
}

/**
 * Takes an unlocked ticket of the version read, with its history, in one statement. When it
 * takes nothing — another agent's statement took it first, and this one waited for that to
 * commit — it reads the lock as it is now: FOR SHARE reads the latest committed version of
 * the row, where the statement's snapshot would still show it unlocked.
 */
const lockIfUnlocked = prebuildChangeWithHistory({
  update: sql`
    update ${tickets} set lock = 'locked', owner_id = ${sql.placeholder("actorId")}, owner_activity_at = now(), version = version + 1, updated_at = now()
    where id = ${sql.placeholder("ticketId")} and lock = 'unlocked' and version = ${sql.placeholder("version")}
    returning ${changedTicketColumns}`,
  otherwise: sql`
    select jsonb_build_object('lock', latest.lock, 'ownerId', latest.owner_id, 'queueId', latest.queue_id, 'version', latest.version, 'holderLogin', a.login, 'holderName', a.name)
    from (select lock, owner_id, queue_id, version from ${tickets} where id = ${sql.placeholder("ticketId")} for share) latest
    left join ${agents} a on a.id = latest.owner_id`,
});

/**
 * The contended case, without a transaction: many agents grabbing one ticket each read it, and
 * take it with one statement that only an unlocked ticket of that version matches. The winner
 * holds the row for that statement only; the others wait for it inside PostgreSQL, match
 * nothing, and are refused from the lock as the same statement found it after the wait.
 * Returns null for everything else (already ours, a version given, a change in between):
 * the ordinary path decides those.
 */
async function lockIfFree(db: Db, input: LockTicketInput): Promise<ApiTicket | null> {
  if (input.version !== undefined) return null;
  const { ticket, permissions } = await readForChange(db, input.actor, input.number, LOCK);
  if (ticket.lock === "locked") return null;
  const ownerChanged = ticket.ownerId !== input.actor.id;
  const entry: HistoryEntry = { ticketId: ticket.id, type: "Lock", name: `locked by ${input.actor.login}`, changes: ownerChanged ? ["lock", "owner"] : ["lock"] };
  const outcome = await runChangeWithHistory<LockState>(db, lockIfUnlocked, input.actor.id, entry, { ticketId: ticket.id, version: ticket.version });
  if (outcome.changed) return outcome.changed;
  const now = outcome.current;
  // Still in the queue whose permissions were read: the table decides from the lock as it is now.
  if (now && now.queueId === ticket.queueId) {
    const current = { ...ticket, lock: now.lock, ownerId: now.ownerId, version: now.version };
    await refuseUnlessAllowed(db, input.actor, LOCK, permissions, current, holderOf(current, now.holderLogin, now.holderName));
  }
  return null;
}

export async function lockTicket(db: Db, input: LockTicketInput): Promise<ApiTicket> {
  const locked = await lockIfFree(db, input);
  if (locked) return locked;
  const { ticket } = await changeTicket(db, input, applyLock);
  return ticket;
}
