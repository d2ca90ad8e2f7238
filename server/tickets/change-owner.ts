import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { findAgentByLogin } from "../agents/find-agent";
import type { Actor } from "../auth/actor";
import { loadPermissionsOnQueue } from "../auth/queue-permissions";
import { InvalidInputError, NotFoundError } from "../errors";
import { notifyAgents } from "../notifications/notify-agents";
import type { NotificationSummary, TicketField } from "./history";
import { changeTicket, type TicketChange } from "./ticket-change";
import type { ApiTicket } from "./ticket-view";

async function findNewOwner(change: TicketChange, login: string) {
  const agent = await findAgentByLogin(change.tx, login).catch((error: unknown) => {
    throw error instanceof NotFoundError ? new InvalidInputError("owner", `no agent ${login}`) : error;
  });
  if (!agent.valid) throw new InvalidInputError("owner", `agent ${agent.login} is invalid`);
  const permissions = await loadPermissionsOnQueue(change.tx, agent, change.ticket.queueId);
  if (!permissions.has("rw")) throw new InvalidInputError("owner", `${agent.login} may not work on this queue (needs rw)`);
  return agent;
}

/**
 * Gives the ticket another owner (`owner` permission). On a locked ticket the lock passes to
 * the new owner — a takeover, allowed even under another agent's lock; that agent and the new
 * owner are told at once. `null` clears the owner and ends any lock.
 */
export async function applyOwnerChange(change: TicketChange, login: string | null, options: { lock?: boolean } = {}): Promise<void> {
  await change.require("owner");
  const newOwner = login === null ? null : await findNewOwner(change, login);
  const previousOwner = change.ticket.ownerId;
  const wasLocked = change.ticket.lock === "locked";
  const locks = newOwner !== null && (wasLocked || options.lock === true);
  if (newOwner?.id === previousOwner && wasLocked === locks) return;

  await change.update({ ownerId: newOwner?.id ?? null, lock: locks ? "locked" : "unlocked", ...(locks ? { ownerActivityAt: sql`now()` } : {}) });
  const notifications: NotificationSummary[] = [];
  const ticketRef = `ticket ${change.ticket.number}`;
  if (newOwner && newOwner.id !== change.actor.id && newOwner.id !== previousOwner) {
    notifications.push(...(await notifyAgents(change.tx, { agentIds: [newOwner.id], ticketId: change.ticket.id, kind: "owner", text: `${change.actor.name} made you the owner of ${ticketRef}`, byMail: true })));
  }
  if (wasLocked && previousOwner !== null && previousOwner !== change.actor.id && previousOwner !== newOwner?.id) {
    notifications.push(...(await notifyAgents(change.tx, { agentIds: [previousOwner], ticketId: change.ticket.id, kind: "takeover", text: `${change.actor.name} took over ${ticketRef}, which you had locked` })));
  }
  const changes: TicketField[] = newOwner?.id === previousOwner ? [] : ["owner"];
  if (wasLocked !== locks) changes.push("lock");
  change.record({
    type: "OwnerUpdate",
    name: newOwner ? `owner ${newOwner.login}` : "no owner",
    changes,
    data: notifications.length > 0 ? { notifications } : undefined,
  });
}

export interface ChangeOwnerInput {
  actor: Actor;
  number: string;
  /** The new owner's login; null clears the owner. */
  owner: string | null;
  version?: number;
}

export async function changeOwner(db: Db, input: ChangeOwnerInput): Promise<ApiTicket> {
  const { ticket } = await changeTicket(db, input, async (change) => {
    await applyOwnerChange(change, input.owner);
  });
  return ticket;
}

/** Takes a ticket over: the actor (with `owner`) becomes its owner and holds its lock, whoever held it. */
export async function takeOverTicket(db: Db, input: { actor: Actor; number: string; version?: number }): Promise<ApiTicket> {
  const { ticket } = await changeTicket(db, input, async (change) => {
    await applyOwnerChange(change, input.actor.login, { lock: true });
  });
  return ticket;
}
