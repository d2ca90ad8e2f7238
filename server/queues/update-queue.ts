import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { postmasterFilters, queues } from "../../db/schema";
import { notifyAgentChanged } from "../agents/notify-agent-changed";
import { adminTransaction, type AdminActor } from "../audit/admin-transaction";
import { recordAudit } from "../audit/record-audit";
import { InvalidInputError } from "../errors";
import { parseInput } from "../validation";
import { findAdminQueue } from "./find-admin-queue";
import type { AdminQueue } from "./list-admin-queues";
import { agentsSeeingGroups, assignAutoResponses, lockQueueRow, queueSettings, queueUniqueViolation, resolveGroup } from "./queue-settings";

export const updateQueueInput = queueSettings.partial().extend({ id: z.number().int().positive() });

/**
 * Changes a queue's settings; what is left out stays. A new group changes who may read the
 * queue, so the agents of the old and the new group are re-roomed on commit; a new name is
 * carried into the postmaster filters that route to the queue by name.
 */
export async function updateQueue(db: Db, actor: AdminActor, rawInput: z.input<typeof updateQueueInput>): Promise<AdminQueue> {
  const { id, group: groupRef, autoResponses, ...input } = parseInput(updateQueueInput, rawInput);
  await adminTransaction(db, actor, async (tx) => {
    const before = await lockQueueRow(tx, id);
    if (before.catchAll && input.valid === false) throw new InvalidInputError("valid", `${before.name} receives the mail no other queue claims and cannot be invalidated`);
    const group = groupRef === undefined ? null : await resolveGroup(tx, groupRef);
    const values = {
      ...(input.name !== undefined && { name: input.name }),
      ...(group && { groupId: group.id }),
      ...(input.address !== undefined && { systemAddress: input.address }),
      ...(input.unlockTimeoutMinutes !== undefined && { unlockTimeoutMinutes: input.unlockTimeoutMinutes }),
      ...(input.followUpPolicy !== undefined && { followUpPolicy: input.followUpPolicy }),
      ...(input.followUpLock !== undefined && { followUpLock: input.followUpLock }),
      ...(input.autoResponsesEnabled !== undefined && { autoResponsesEnabled: input.autoResponsesEnabled }),
      ...(input.salutation !== undefined && { salutation: input.salutation }),
      ...(input.signature !== undefined && { signature: input.signature }),
      ...(input.valid !== undefined && { valid: input.valid }),
    };
    try {
      await tx
        .update(queues)
        .set({ ...values, updatedAt: sql`now()` })
        .where(eq(queues.id, id));
    } catch (error) {
      throw queueUniqueViolation(error, input) ?? error;
    }
    if (autoResponses) await assignAutoResponses(tx, id, autoResponses);
    if (input.name !== undefined && input.name !== before.name) {
      await tx
        .update(postmasterFilters)
        .set({ actions: sql`jsonb_set(${postmasterFilters.actions}, '{queue}', to_jsonb(${input.name}::text))` })
        .where(sql`lower(${postmasterFilters.actions}->>'queue') = lower(${before.name})`);
    }
    await recordAudit(tx, {
      actorId: actor.id,
      action: "queue.update",
      target: `queue:${id}`,
      details: { ...input, ...(group && { group: group.name }), ...(autoResponses && { autoResponses }), ...(input.name !== undefined && input.name !== before.name && { previousName: before.name }) },
    });
    if (group && group.id !== before.groupId) {
      for (const agentId of await agentsSeeingGroups(tx, [before.groupId, group.id])) await notifyAgentChanged(tx, agentId);
    }
  });
  return findAdminQueue(db, id);
}
