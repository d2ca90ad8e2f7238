import { z } from "zod";
import type { Db } from "../../db/client";
import { queues } from "../../db/schema";
import { notifyAgentChanged } from "../agents/notify-agent-changed";
import { adminTransaction, type AdminActor } from "../audit/admin-transaction";
import { recordAudit } from "../audit/record-audit";
import { parseInput } from "../validation";
import { findAdminQueue } from "./find-admin-queue";
import type { AdminQueue } from "./list-admin-queues";
import { agentsSeeingGroups, assignAutoResponses, queueSettings, queueUniqueViolation, resolveGroup } from "./queue-settings";

export const createQueueInput = queueSettings.partial().required({ name: true, group: true });

/**
 * An administrator adds a queue with any of its settings (the CLI's `addQueue` takes only the
 * essentials). The group's agents are re-roomed: they may read the new queue at once.
 */
export async function createQueue(db: Db, actor: AdminActor, rawInput: z.input<typeof createQueueInput>): Promise<AdminQueue> {
  const input = parseInput(createQueueInput, rawInput);
  const id = await adminTransaction(db, actor, async (tx) => {
    const group = await resolveGroup(tx, input.group);
    let queue: { id: number };
    try {
      [queue] = (await tx
        .insert(queues)
        .values({
          name: input.name,
          groupId: group.id,
          systemAddress: input.address ?? null,
          unlockTimeoutMinutes: input.unlockTimeoutMinutes,
          followUpPolicy: input.followUpPolicy,
          followUpLock: input.followUpLock,
          autoResponsesEnabled: input.autoResponsesEnabled,
          salutation: input.salutation,
          signature: input.signature,
          valid: input.valid,
        })
        .returning({ id: queues.id })) as [{ id: number }];
    } catch (error) {
      throw queueUniqueViolation(error, input) ?? error;
    }
    if (input.autoResponses) await assignAutoResponses(tx, queue.id, input.autoResponses);
    const { group: _group, autoResponses, ...settings } = input;
    await recordAudit(tx, { actorId: actor.id, action: "queue.create", target: `queue:${queue.id}`, details: { ...settings, group: group.name, ...(autoResponses ? { autoResponses } : {}) } });
    for (const agentId of await agentsSeeingGroups(tx, [group.id])) await notifyAgentChanged(tx, agentId);
    return queue.id;
  });
  return findAdminQueue(db, id);
}
