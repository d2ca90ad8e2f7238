import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { agentGroups, agents, groups, queues } from "../../db/schema";

/** The valid agents who work a queue: `rw` on its group. */
export async function queueAgentIds(db: Db, queueId: number): Promise<number[]> {
  const rows = await db
    .selectDistinct({ id: agents.id })
    .from(queues)
    .innerJoin(groups, and(eq(groups.id, queues.groupId), eq(groups.valid, true)))
    .innerJoin(agentGroups, and(eq(agentGroups.groupId, groups.id), inArray(agentGroups.permission, ["rw"])))
    .innerJoin(agents, and(eq(agents.id, agentGroups.agentId), eq(agents.valid, true)))
    .where(eq(queues.id, queueId));
  return rows.map((row) => row.id);
}
