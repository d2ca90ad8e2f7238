import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { tickets } from "../../db/schema";
import type { Actor } from "../auth/actor";
import { notifyAgents } from "../notifications/notify-agents";
import { grantsAllowCondition } from "../auth/grants-condition";
import { grantedOnTicketQueueTo } from "../auth/queue-permissions";
import { entryOfChanged, prebuildChangeWithHistory, runChangeWithHistory } from "./history";
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

/** What the table requires to release one's own lock, as the statement's condition. */
const unlockOwnAllowed = grantsAllowCondition(
  { action: "unlock", actorId: 0, ticket: { lock: "locked", ownerId: 0 } },
  grantedOnTicketQueueTo(sql.placeholder("actorId")),
  sql.placeholder("isAdmin"),
);

/** Releases the caller's own lock, when the table allows it, with its history, in one statement. */
const unlockIfHeld = prebuildChangeWithHistory({
  update: sql`update ${tickets} set lock = 'unlocked', version = version + 1, updated_at = now()
    where number = ${sql.placeholder("number")} and lock = 'locked' and owner_id = ${sql.placeholder("actorId")} and ${unlockOwnAllowed}
    returning ${changedTicketColumns}`,
  entries: entryOfChanged("Unlock", sql`array['lock']`),
});

/**
 * The common case — an agent releasing their own lock — in one statement without a
 * transaction. Everything else (a forced release, nothing to release, a version given, a
 * refusal) takes the ordinary path, which decides and explains it.
 */
export async function unlockTicket(db: Db, input: UnlockTicketInput): Promise<ApiTicket> {
  if (input.version === undefined) {
    const unlocked = await runChangeWithHistory(db, unlockIfHeld, input.actor.id, { number: input.number, isAdmin: input.actor.isAdmin, name: `unlocked by ${input.actor.login}` });
    if (unlocked) return unlocked;
  }
  const { ticket } = await changeTicket(db, input, async (change) => {
    await applyUnlock(change, input.force);
  });
  return ticket;
}
