import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { queues } from "../../db/schema";
import { adminTransaction, type AdminActor } from "../audit/admin-transaction";
import { recordAudit } from "../audit/record-audit";
import { InvalidInputError } from "../errors";
import { parseInput } from "../validation";
import { findAdminQueue } from "./find-admin-queue";
import type { AdminQueue } from "./list-admin-queues";
import { lockQueueRow } from "./queue-settings";

export const invalidateQueueInput = z.object({ id: z.number().int().positive() });

/**
 * Takes a queue out of use (OTRS's "invalid"): it leaves the agents' lists and no longer
 * claims mail by its address, while its tickets keep it. The catch-all queue always stays.
 * Made valid again with `updateQueue({ valid: true })`.
 */
export async function invalidateQueue(db: Db, actor: AdminActor, rawInput: z.input<typeof invalidateQueueInput>): Promise<AdminQueue> {
  const { id } = parseInput(invalidateQueueInput, rawInput);
  await adminTransaction(db, actor, async (tx) => {
    const queue = await lockQueueRow(tx, id);
    if (queue.catchAll) throw new InvalidInputError("id", `${queue.name} receives the mail no other queue claims and cannot be invalidated`);
    if (!queue.valid) return;
    await tx
      .update(queues)
      .set({ valid: false, updatedAt: sql`now()` })
      .where(eq(queues.id, id));
    await recordAudit(tx, { actorId: actor.id, action: "queue.invalidate", target: `queue:${id}`, details: { name: queue.name } });
  });
  return findAdminQueue(db, id);
}
