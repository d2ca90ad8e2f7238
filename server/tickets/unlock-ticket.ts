import type { Db } from "../../db/client";
import type { Actor } from "../auth/actor";
import { notifyAgents } from "../notifications/notify-agents";
import { changeTicket, type TicketChange } from "./ticket-change";
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

export async function unlockTicket(db: Db, input: UnlockTicketInput): Promise<ApiTicket> {
  const { ticket } = await changeTicket(db, input, async (change) => {
    await applyUnlock(change, input.force);
  });
  return ticket;
}
