import { eq, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { postgresErrorOf } from "../../db/errors";
import { postmasterFilters, queues, ticketHistory, tickets } from "../../db/schema";
import { adminTransaction, type AdminActor } from "../audit/admin-transaction";
import { recordAudit } from "../audit/record-audit";
import { InvalidInputError } from "../errors";
import { parseInput } from "../validation";
import { lockQueueRow } from "./queue-settings";

export const deleteQueueInput = z.object({ id: z.number().int().positive() });

const INVALIDATE_INSTEAD = "invalidate it instead";

/**
 * Deletes a queue that never held a ticket. One that holds tickets, or once held them (their
 * history names it), or that a postmaster filter routes to, is refused with the reason: such a
 * queue can only be invalidated. The row lock keeps a ticket from arriving meanwhile.
 */
export async function deleteQueue(db: Db, actor: AdminActor, rawInput: z.input<typeof deleteQueueInput>): Promise<void> {
  const { id } = parseInput(deleteQueueInput, rawInput);
  await adminTransaction(db, actor, async (tx) => {
    const queue = await lockQueueRow(tx, id);
    if (queue.catchAll) throw new InvalidInputError("id", `${queue.name} receives the mail no other queue claims and cannot be deleted`);
    const [held] = await tx.select({ count: sql<number>`count(*)::int` }).from(tickets).where(eq(tickets.queueId, id));
    if (held!.count > 0) throw new InvalidInputError("id", `${queue.name} holds ${held!.count} ticket${held!.count === 1 ? "" : "s"}: a queue that holds tickets cannot be deleted, ${INVALIDATE_INSTEAD}`);
    const [passed] = await tx
      .select({ id: ticketHistory.id })
      .from(ticketHistory)
      .where(or(eq(ticketHistory.queueId, id), eq(ticketHistory.previousQueueId, id)))
      .limit(1);
    if (passed) throw new InvalidInputError("id", `tickets have been in ${queue.name} and their history names it: ${INVALIDATE_INSTEAD}`);
    const [filter] = await tx
      .select({ name: postmasterFilters.name })
      .from(postmasterFilters)
      .where(sql`lower(${postmasterFilters.actions}->>'queue') = lower(${queue.name})`)
      .limit(1);
    if (filter) throw new InvalidInputError("id", `the postmaster filter "${filter.name}" routes mail to ${queue.name}: change the filter first, or ${INVALIDATE_INSTEAD}`);
    try {
      await tx.delete(queues).where(eq(queues.id, id));
    } catch (error) {
      // Anything else that still refers to the queue.
      if (postgresErrorOf(error)?.code === "23503") throw new InvalidInputError("id", `${queue.name} is still referred to: ${INVALIDATE_INSTEAD}`);
      throw error;
    }
    await recordAudit(tx, { actorId: actor.id, action: "queue.delete", target: `queue:${id}`, details: { name: queue.name } });
  });
}
