import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { ticketStates } from "../../db/schema";
import type { Actor } from "../auth/actor";
import { InvalidInputError } from "../errors";
import type { TicketField } from "./history";
import { changeTicket, type TicketChange } from "./ticket-change";
import type { ApiTicket } from "./ticket-view";

export const pendingUntilSchema = z.coerce.date({ error: "an ISO 8601 date and time" });

export interface StateChange {
  state?: string;
  pendingUntil?: Date | null;
}

const isPending = (type: string) => type === "pending_reminder" || type === "pending_auto";

/**
 * Sets the state and pending time. Closing ends the lock; a pending state needs a time; `new`
 * and `merged` are not chosen by hand (OTRS offers neither as a next state).
 */
export async function applyStateChange(change: TicketChange, input: StateChange): Promise<void> {
  const stateGiven = input.state !== undefined && input.state !== change.ticket.state;
  const timeGiven = input.pendingUntil !== undefined;
  if (!stateGiven && !timeGiven) return;
  await change.require(stateGiven ? "state" : "pending_time");

  const name = input.state ?? change.ticket.state;
  const [target] = await change.tx.select().from(ticketStates).where(eq(ticketStates.name, name));
  if (!target) throw new InvalidInputError("state", `unknown state ${name}`);
  if (stateGiven && (target.type === "new" || target.type === "merged")) throw new InvalidInputError("state", `${name} cannot be set by hand`);
  const pendingUntil = input.pendingUntil === undefined ? (isPending(target.type) ? change.ticket.pendingUntil : null) : input.pendingUntil;
  if (isPending(target.type) && !pendingUntil) throw new InvalidInputError("pendingUntil", `required for the state ${name}`);
  if (!isPending(target.type) && input.pendingUntil) throw new InvalidInputError("pendingUntil", `only pending states have a pending time, not ${name}`);

  const closes = target.type === "closed" && change.ticket.lock === "locked";
  const timeChanged = (pendingUntil?.getTime() ?? null) !== (change.ticket.pendingUntil?.getTime() ?? null);
  const previous = change.ticket.state;
  await change.update({
    state: target.name,
    stateType: target.type,
    pendingUntil: isPending(target.type) ? pendingUntil : null,
    ...(timeChanged ? { reminderSentAt: null } : {}),
    ...(closes ? { lock: "unlocked" as const } : {}),
  });
  if (stateGiven) {
    const changes: TicketField[] = closes ? ["state", "lock"] : ["state"];
    change.record({ type: "StateUpdate", name: `${previous} → ${target.name}`, changes });
  }
  if (isPending(target.type) && timeChanged) change.record({ type: "SetPendingTime", name: `pending until ${pendingUntil!.toISOString()}` });
}

export interface ChangeStateInput extends StateChange {
  actor: Actor;
  number: string;
  version?: number;
}

export async function changeState(db: Db, input: ChangeStateInput): Promise<ApiTicket> {
  const { ticket } = await changeTicket(db, input, async (change) => {
    await applyStateChange(change, input);
  });
  return ticket;
}
