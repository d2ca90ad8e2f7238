import { and, asc, eq, notInArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { queues, tickets, ticketStates } from "../../db/schema";
import type { Actor } from "../auth/actor";
import { readableQueueCondition } from "../auth/queue-permissions";

export interface QueueSummary {
  id: number;
  name: string;
  address: string | null;
  counts: { new: number; open: number; pending: number; locked: number };
}

const count = (condition: ReturnType<typeof sql>) => sql<number>`(count(${tickets.id}) filter (where ${condition}))::int`;

/** The valid queues the actor may read, by name, with the counts of their tickets still in work. */
export async function listReadableQueues(db: Db, actor: Pick<Actor, "id" | "isAdmin">): Promise<QueueSummary[]> {
  const rows = await db
    .select({
      id: queues.id,
      name: queues.name,
      address: queues.systemAddress,
      new: count(sql`${ticketStates.type} = 'new'`),
      open: count(sql`${ticketStates.type} = 'open'`),
      pending: count(sql`${ticketStates.type} in ('pending_reminder', 'pending_auto')`),
      locked: count(sql`${tickets.lock} = 'locked'`),
    })
    .from(queues)
    .leftJoin(ticketStates, notInArray(ticketStates.type, ["closed", "merged"]))
    .leftJoin(tickets, and(eq(tickets.queueId, queues.id), eq(tickets.state, ticketStates.name)))
    .where(and(eq(queues.valid, true), readableQueueCondition(actor)))
    .groupBy(queues.id)
    .orderBy(asc(sql`lower(${queues.name})`));
  return rows.map(({ id, name, address, ...counts }) => ({ id, name, address, counts }));
}
