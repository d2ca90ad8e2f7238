import { and, eq, or, sql } from "drizzle-orm";
import { union } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client";
import { agentGroups, agentMyQueues, agents, groups, queues } from "../../db/schema";

/**
 * The valid agents to tell of a new ticket (or a follow-up to an unlocked one) in a queue —
 * OTRS's "My Queues": agents who have the queue among their My Queues and may still read it,
 * and, for agents who never chose any My Queues, those with `rw` on the queue's group (the
 * default before anyone chooses). An agent who chose is told of their queues only.
 */
export async function queueAgentIds(db: Db, queueId: number): Promise<number[]> {
  const mayRead = or(
    eq(agents.isAdmin, true),
    // Spelt out with aliases: the subquery's columns must not be confused with the outer ones.
    sql`exists (select 1 from agent_groups ag inner join groups g on g.id = ag.group_id and g.valid
      where ag.agent_id = "agents"."id" and ag.group_id = "queues"."group_id" and ag.permission in ('ro', 'rw'))`,
  );
  const chose = db
    .select({ id: agents.id })
    .from(agentMyQueues)
    .innerJoin(agents, and(eq(agents.id, agentMyQueues.agentId), eq(agents.valid, true)))
    .innerJoin(queues, eq(queues.id, agentMyQueues.queueId))
    .where(and(eq(agentMyQueues.queueId, queueId), mayRead));
  const workers = db
    .select({ id: agents.id })
    .from(queues)
    .innerJoin(groups, and(eq(groups.id, queues.groupId), eq(groups.valid, true)))
    .innerJoin(agentGroups, and(eq(agentGroups.groupId, groups.id), eq(agentGroups.permission, "rw")))
    .innerJoin(agents, and(eq(agents.id, agentGroups.agentId), eq(agents.valid, true)))
    .where(and(eq(queues.id, queueId), sql`not exists (select 1 from agent_my_queues mine where mine.agent_id = "agents"."id")`));
  const rows = await union(chose, workers);
  return rows.map((row) => row.id).sort((a, b) => a - b);
}
