import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { tickets } from "../../db/schema";
import type { Actor } from "../auth/actor";
import { grantsAllowCondition } from "../auth/grants-condition";
import { grantedOnTicketQueueTo } from "../auth/queue-permissions";
import { entryOfChanged, prebuildChangeWithHistory, runChangeWithHistory } from "./history";
import { refuseFromRead, type FastAction } from "./refuse-from-read";
import { changeTicket, changedTicketColumns, type TicketChange } from "./ticket-change";
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

/** What the table requires to lock an unlocked ticket, as the statement's condition. */
const lockAllowed = grantsAllowCondition(
  { action: "lock", actorId: 0, ticket: { lock: "unlocked", ownerId: null } },
  grantedOnTicketQueueTo(sql.placeholder("actorId")),
  sql.placeholder("isAdmin"),
);

/**
 * Takes the ticket, unlocked and with the caller allowed to lock it, with its history, in one
 * statement. The owner before is read with it from the statement's snapshot, and the ticket
 * taken only at the version read with it, so the history's "owner changed" is never a guess.
 */
const lockIfUnlocked = prebuildChangeWithHistory({
  update: sql`update ${tickets} set lock = 'locked', owner_id = ${sql.placeholder("actorId")}, owner_activity_at = now(), version = version + 1, updated_at = now()
    from (select id as previous_id, owner_id as previous_owner_id, version as previous_version from ${tickets} where number = ${sql.placeholder("number")}) as previous
    where id = previous_id and version = previous_version and lock = 'unlocked' and ${lockAllowed}
    returning ${changedTicketColumns}, previous_owner_id`,
  entries: entryOfChanged("Lock", sql`case when previous_owner_id is distinct from ${sql.placeholder("actorId")}::int then array['lock', 'owner'] else array['lock'] end`),
});

/** Lock statements in flight, per database handle, by ticket number. */
const inFlight = new WeakMap<Db, Map<string, Promise<unknown>>>();

/**
 * Takes the ticket in one statement — unless another request of this process is already
 * sending that statement for it: then it waits for that one instead of sending its own, and
 * takes nothing. Many agents clicking the same new ticket at once cost one statement, not one
 * each. Null when this call took nothing.
 */
async function takeOnce(db: Db, actor: Actor, number: string): Promise<ApiTicket | null> {
  let running = inFlight.get(db);
  if (!running) inFlight.set(db, (running = new Map()));
  const other = running.get(number);
  if (other) {
    await other.catch(() => {});
    return null;
  }
  const attempt = runChangeWithHistory(db, lockIfUnlocked, actor.id, { number, isAdmin: actor.isAdmin, name: `locked by ${actor.login}` });
  running.set(number, attempt);
  try {
    return await attempt;
  } finally {
    running.delete(number);
  }
}

/**
 * The common and the contended case, in one flight without a transaction: one statement takes
 * an unlocked ticket the caller may lock (one per process: see `takeOnce`). An agent who lost
 * the race waits for the winner's statement inside PostgreSQL, matches nothing, and is refused
 * from one read. (Reading the lock with FOR SHARE instead was measured slower: every loser then
 * writes a row lock and waits for its own commit to reach the disk.) Everything else — one's
 * own lock again, a version given, a change in between — takes the ordinary path.
 */
export async function lockTicket(db: Db, input: LockTicketInput): Promise<ApiTicket> {
  if (input.version === undefined) {
    const locked = await takeOnce(db, input.actor, input.number);
    if (locked) return locked;
    await refuseFromRead(db, input.actor, input.number, LOCK);
  }
  const { ticket } = await changeTicket(db, input, applyLock);
  return ticket;
}
