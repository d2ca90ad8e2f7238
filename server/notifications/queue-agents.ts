import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { prebuildQuery, runPrebuiltQuery } from "../../db/prebuilt-query";
import { agentGroups, agentMyQueues, agents, groups, queues } from "../../db/schema";

/**
 * The ids of the agents `queueAgentIds` returns, as a query on the queue `queueId` (a
 * placeholder): a new ticket's first statement reads them with everything else it needs.
 */
export function queueAgentsQuery(queueId: SQL): SQL {
  return sql`
    select a.id from ${agentMyQueues} mq
      join ${agents} a on a.id = mq.agent_id and a.valid
      join ${queues} q on q.id = mq.queue_id
    where mq.queue_id = ${queueId}
      and (a.is_admin or exists (
        select 1 from ${agentGroups} ag join ${groups} g on g.id = ag.group_id and g.valid
        where ag.agent_id = a.id and ag.group_id = q.group_id and ag.permission in ('ro', 'rw')))
    union
    select a.id from ${queues} q
      join ${groups} g on g.id = q.group_id and g.valid
      join ${agentGroups} ag on ag.group_id = g.id and ag.permission = 'rw'
      join ${agents} a on a.id = ag.agent_id and a.valid
    where q.id = ${queueId}
      and not exists (select 1 from ${agentMyQueues} mine where mine.agent_id = a.id)`;
}

// Read for every follow-up: built once.
const agentIdsQuery = prebuildQuery(sql`${queueAgentsQuery(sql`${sql.placeholder("queueId")}`)} order by id`);

/**
 * The valid agents to tell of a new ticket (or a follow-up to an unlocked one) in a queue —
 * OTRS's "My Queues": agents who have the queue among their My Queues and may still read it,
 * and, for agents who never chose any My Queues, those with `rw` on the queue's group (the
 * default before anyone chooses). An agent who chose is told of their queues only.
 */
export async function queueAgentIds(db: Db, queueId: number): Promise<number[]> {
  const rows = await runPrebuiltQuery<{ id: number }>(db, agentIdsQuery, { queueId });
  return rows.map((row) => row.id);
}
