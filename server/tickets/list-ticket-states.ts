import type { Db } from "../../db/client";
import { ticketStates } from "../../db/schema";

export type StateType = (typeof ticketStates.$inferSelect)["type"];

/** Every state's type by its name: `closed successful` → `closed`, `pending reminder` → `pending_reminder`. */
export type TicketStateTypes = Record<string, StateType>;

export async function listTicketStates(db: Db): Promise<TicketStateTypes> {
  const rows = await db.select({ name: ticketStates.name, type: ticketStates.type }).from(ticketStates);
  return Object.fromEntries(rows.map((row) => [row.name, row.type]));
}
