import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { queues, tickets } from "../../db/schema";
import type { Actor } from "../auth/actor";
import { readableQueueCondition } from "../auth/queue-permissions";
import { isOpenTicket } from "../tickets/open-states";

export interface QueueSummary {
  id: number;
  name: string;
  address: string | null;
  counts: { new: number; open: number; pending: number; locked: number };
}

// Counting queue_id, a column of the index, lets PostgreSQL answer from the index alone.
const count = (condition: ReturnType<typeof sql>) => sql<number>`(count(${tickets.queueId}) filter (where ${condition}))::int`;

/** The valid queues the actor may read, by name, with the counts of their tickets still in work. */
export async function listReadableQueues(db: Db, actor: Pick<Actor, "id" | "isAdmin">): Promise<QueueSummary[]> {
  const rows = await db
    .select({
      id: queues.id,
      name: queues.name,
      address: queues.systemAddress,
      new: count(sql`${tickets.stateType} = 'new'`),
      open: count(sql`${tickets.stateType} = 'open'`),
      pending: count(sql`${tickets.stateType} in ('pending_reminder', 'pending_auto')`),
      locked: count(sql`${tickets.lock} = 'locked'`),
    })
    .from(queues)
    .leftJoin(tickets, and(eq(tickets.queueId, queues.id), isOpenTicket))
    .where(and(eq(queues.valid, true), readableQueueCondition(actor)))
    .groupBy(queues.id)
    .orderBy(asc(sql`lower(${queues.name})`));
  return rows.map(({ id, name, address, ...counts }) => ({ id, name, address, counts }));
}
