import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { agentMyQueues, queues } from "../../db/schema";
import type { Actor } from "../auth/actor";
import { readableQueueCondition } from "../auth/queue-permissions";
import { InvalidInputError } from "../errors";
import { parseInput } from "../validation";

export const setMyQueuesInput = z.object({ queueIds: z.array(z.number().int().positive()).max(1000) });

/**
 * An agent's "My Queues": the queues whose new tickets (and follow-ups to unlocked tickets)
 * notify them. Only queues they may read; an empty list means "no choice" — they are notified
 * as agents who never chose are (see `queueAgentIds`).
 */
export async function setMyQueues(db: Db, actor: Actor, rawInput: z.input<typeof setMyQueuesInput>): Promise<{ queueIds: number[] }> {
  const input = parseInput(setMyQueuesInput, rawInput);
  const wanted = [...new Set(input.queueIds)].sort((a, b) => a - b);
  return db.transaction(async (tx) => {
    const readable = wanted.length === 0 ? [] : await tx.select({ id: queues.id }).from(queues).where(and(inArray(queues.id, wanted), readableQueueCondition(actor)));
    const unknown = wanted.find((id) => !readable.some((queue) => queue.id === id));
    if (unknown !== undefined) throw new InvalidInputError("queueIds", `no queue ${unknown} that you may read`);
    await tx.delete(agentMyQueues).where(eq(agentMyQueues.agentId, actor.id));
    if (wanted.length > 0) await tx.insert(agentMyQueues).values(wanted.map((queueId) => ({ agentId: actor.id, queueId })));
    return { queueIds: wanted };
  });
}
