import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { tickets } from "../../db/schema";
import type { Actor } from "../auth/actor";
import { notifyAgents } from "../notifications/notify-agents";
import { prebuildChangeWithHistory, runChangeWithHistory, type HistoryEntry } from "./history";
import { readForChange } from "./read-for-change";
import { changeTicket, changedTicketColumns, type TicketChange } from "./ticket-change";
import type { ApiTicket } from "./ticket-view";

export interface UnlockTicketInput {
  actor: Actor;
  number: string;
  /** Release another agent's lock: needs the `owner` permission. */
  force?: boolean;
  version?: number;
}

/** Releases the lock; the owner stays recorded, as in OTRS. Unlocking an unlocked ticket changes nothing. */
export async function applyUnlock(change: TicketChange, force = false): Promise<void> {
  await change.require("unlock", { force });
  if (change.ticket.lock === "unlocked") return;
  const previousOwner = change.ticket.ownerId;
  await change.update({ lock: "unlocked" });
  const forced = previousOwner !== change.actor.id;
  const notifications = forced
    ? await notifyAgents(change.tx, { agentIds: [previousOwner!], ticketId: change.ticket.id, kind: "unlocked", text: `${change.actor.name} released your lock on ticket ${change.ticket.number}` })
    : [];
  change.record({
    type: "Unlock",
    name: forced ? `unlocked by ${change.actor.login} (forced)` : `unlocked by ${change.actor.login}`,
    changes: ["lock"],
    data: notifications.length > 0 ? { notifications } : undefined,
  });
}

/** Releases the actor's own lock on the version read, with its history, in one statement. */
const unlockIfHeld = prebuildChangeWithHistory(sql`
  update ${tickets} set lock = 'unlocked', version = version + 1, updated_at = now()
  where id = ${sql.placeholder("ticketId")} and lock = 'locked' and owner_id = ${sql.placeholder("actorId")} and version = ${sql.placeholder("version")}
  returning ${changedTicketColumns}`);

/**
 * The common case — an agent releasing their own lock — without a transaction: one read for the
 * permissions, one conditional statement for the change. Returns null for everything else (a
 * forced release, nothing to release, a version given, a change in between): the ordinary path
 * decides those.
 */
async function unlockOwnLock(db: Db, input: UnlockTicketInput): Promise<ApiTicket | null> {
  if (input.version !== undefined) return null;
  const { ticket } = await readForChange(db, input.actor, input.number, { action: "unlock", force: input.force });
  if (ticket.lock !== "locked" || ticket.ownerId !== input.actor.id) return null;
  const entry: HistoryEntry = { ticketId: ticket.id, type: "Unlock", name: `unlocked by ${input.actor.login}`, changes: ["lock"] };
  return runChangeWithHistory(db, unlockIfHeld, input.actor.id, entry, { ticketId: ticket.id, version: ticket.version });
}

export async function unlockTicket(db: Db, input: UnlockTicketInput): Promise<ApiTicket> {
  const unlocked = await unlockOwnLock(db, input);
  if (unlocked) return unlocked;
  const { ticket } = await changeTicket(db, input, async (change) => {
    await applyUnlock(change, input.force);
  });
  return ticket;
}
