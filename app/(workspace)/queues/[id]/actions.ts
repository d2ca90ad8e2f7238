"use server";

import { z } from "zod";
import { getDb } from "@/db/client";
import { actionResult, type ActionResult } from "@/server/api/action-result";
import { requireAgent } from "@/server/auth/require-agent";
import { lockTicket } from "@/server/tickets/lock-ticket";
import { moveTicket } from "@/server/tickets/move-ticket";
import type { ApiTicket } from "@/server/tickets/ticket-view";
import { parseInput } from "@/server/validation";

/** What became of one ticket of a bulk action: its new state, or the server's refusal in words. */
export type BulkOutcome = { number: string; ok: true; ticket: ApiTicket } | { number: string; ok: false; message: string };

const numbers = z.array(z.string().regex(/^\d{1,40}$/, "a ticket number")).min(1, "select at least one ticket").max(100, "at most 100 tickets at once");
const queueId = z.number().int().positive();

/** Runs `work` for each ticket in turn; one refusal never stops the others. */
async function eachTicket(list: string[], work: (number: string) => Promise<ApiTicket>): Promise<BulkOutcome[]> {
  const outcomes: BulkOutcome[] = [];
  for (const number of list) {
    const result = await actionResult(() => work(number));
    if (result.ok) outcomes.push({ number, ok: true, ticket: result.value });
    else outcomes.push({ number, ok: false, message: result.error.owner ? `locked by ${result.error.owner.name}` : result.error.message });
  }
  return outcomes;
}

/** Locks each selected ticket to the agent (as OTRS's bulk lock), telling which were refused and why. */
export async function bulkLockAction(selected: string[]): Promise<ActionResult<BulkOutcome[]>> {
  return actionResult(async () => {
    const actor = await requireAgent();
    const db = getDb();
    return eachTicket(parseInput(numbers, selected), (number) => lockTicket(db, { actor, number }));
  });
}

/** Moves each selected ticket to the queue; a move ends the lock, as a single move does. */
export async function bulkMoveAction(selected: string[], target: number): Promise<ActionResult<BulkOutcome[]>> {
  return actionResult(async () => {
    const actor = await requireAgent();
    const db = getDb();
    const queue = parseInput(queueId, target);
    return eachTicket(parseInput(numbers, selected), (number) => moveTicket(db, { actor, number, queue }));
  });
}
