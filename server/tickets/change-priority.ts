import type { Db } from "../../db/client";
import type { Actor } from "../auth/actor";
import { InvalidInputError } from "../errors";
import { changeTicket, type TicketChange } from "./ticket-change";
import type { ApiTicket } from "./ticket-view";

/** OTRS's priorities: 1 very low … 3 normal … 5 very high. */
export async function applyPriorityChange(change: TicketChange, priority: number): Promise<void> {
  if (!Number.isInteger(priority) || priority < 1 || priority > 5) throw new InvalidInputError("priority", "an integer from 1 (very low) to 5 (very high)");
  await change.require("priority");
  if (priority === change.ticket.priority) return;
  const previous = change.ticket.priority;
  await change.update({ priority });
  change.record({ type: "PriorityUpdate", name: `${previous} → ${priority}`, changes: ["priority"] });
}

export async function changePriority(db: Db, input: { actor: Actor; number: string; priority: number; version?: number }): Promise<ApiTicket> {
  const { ticket } = await changeTicket(db, input, async (change) => {
    await applyPriorityChange(change, input.priority);
  });
  return ticket;
}
