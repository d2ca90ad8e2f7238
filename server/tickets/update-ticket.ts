import type { Db } from "../../db/client";
import type { Actor } from "../auth/actor";
import { applyOwnerChange } from "./change-owner";
import { applyPriorityChange } from "./change-priority";
import { applyStateChange } from "./change-state";
import { applyTitleChange } from "./change-title";
import { applyMove } from "./move-ticket";
import { changeTicket } from "./ticket-change";
import type { ApiTicket } from "./ticket-view";

export interface UpdateTicketInput {
  actor: Actor;
  number: string;
  /** The ticket's version the edit was made against: a stale one is a conflict. */
  version?: number;
  title?: string;
  priority?: number;
  state?: string;
  pendingUntil?: Date | null;
  /** The target queue, by id or name. */
  queue?: number | string;
  keepLock?: boolean;
  /** The new owner's login, or null for none. */
  owner?: string | null;
}

/**
 * Several edits at once (the API's PATCH), all or none, in one transaction with one history
 * row each. Each edit is checked as it would be alone; ticket fields change first, then the
 * queue (which may end the lock), then the owner.
 */
export async function updateTicket(db: Db, input: UpdateTicketInput): Promise<ApiTicket> {
  const { ticket } = await changeTicket(db, input, async (change) => {
    if (input.title !== undefined) await applyTitleChange(change, input.title);
    if (input.priority !== undefined) await applyPriorityChange(change, input.priority);
    if (input.state !== undefined || input.pendingUntil !== undefined) await applyStateChange(change, input);
    if (input.queue !== undefined) await applyMove(change, { queue: input.queue, keepLock: input.keepLock });
    if (input.owner !== undefined) await applyOwnerChange(change, input.owner);
  });
  return ticket;
}
