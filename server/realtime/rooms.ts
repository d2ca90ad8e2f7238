import type { Db } from "../../db/client";
import type { Actor } from "../auth/actor";
import { mayRead } from "../auth/permissions";
import { loadQueuePermissions } from "../auth/queue-permissions";

export const queueRoom = (queueId: number) => `queue:${queueId}`;
export const agentRoom = (agentId: number) => `agent:${agentId}`;
export const ticketRoom = (number: string) => `ticket:${number}`;

/** The queues whose events the agent may receive: those they may read. */
export async function readableQueueIds(db: Db, actor: Pick<Actor, "id" | "isAdmin">): Promise<number[]> {
  const permissions = await loadQueuePermissions(db, actor);
  return [...permissions].filter(([, held]) => mayRead(held)).map(([queueId]) => queueId);
}
