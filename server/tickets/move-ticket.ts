import type { Db } from "../../db/client";
import type { Actor } from "../auth/actor";
import { loadPermissionsOnQueue } from "../auth/queue-permissions";
import { notifyAgents } from "../notifications/notify-agents";
import { findQueue } from "../queues/find-queue";
import { changeTicket, type TicketChange } from "./ticket-change";
import type { ApiTicket } from "./ticket-view";

export interface MoveInput {
  /** The target queue, by id or name. */
  queue: number | string;
  /** The lock holder may keep their lock when they may work the target queue too. */
  keepLock?: boolean;
}

/**
 * Moves the ticket to another queue: `move_into` there, `rw` here. The move ends the lock
 * (as in OTRS), unless the lock holder asks to keep it; an agent with `owner` may move a
 * ticket someone else has locked, and that agent is told.
 */
export async function applyMove(change: TicketChange, input: MoveInput): Promise<void> {
  const target = await findQueue(change.tx, input.queue);
  const targetPermissions = await loadPermissionsOnQueue(change.tx, change.actor, target.id);
  await change.require("move", { targetPermissions });
  if (target.id === change.ticket.queueId) return;

  const previousQueueId = change.ticket.queueId;
  const wasLocked = change.ticket.lock === "locked";
  const keepsLock = wasLocked && input.keepLock === true && change.lockedByActor && targetPermissions.has("rw");
  const lockHolder = change.ticket.ownerId;
  await change.update({ queueId: target.id, lock: keepsLock ? "locked" : "unlocked" });

  const notifications =
    wasLocked && lockHolder !== change.actor.id
      ? await notifyAgents(change.tx, { agentIds: [lockHolder!], ticketId: change.ticket.id, kind: "moved", text: `${change.actor.name} moved ticket ${change.ticket.number}, which you had locked, to ${target.name}` })
      : [];
  change.record({
    type: "Move",
    name: `moved to ${target.name}`,
    previousQueueId,
    changes: wasLocked && !keepsLock ? ["queue", "lock"] : ["queue"],
    data: notifications.length > 0 ? { notifications } : undefined,
  });
}

export async function moveTicket(db: Db, input: MoveInput & { actor: Actor; number: string; version?: number }): Promise<ApiTicket> {
  const { ticket } = await changeTicket(db, input, async (change) => {
    await applyMove(change, input);
  });
  return ticket;
}
