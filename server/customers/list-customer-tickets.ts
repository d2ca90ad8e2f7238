import { and, desc, eq, lt } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { queues, tickets } from "../../db/schema";
import type { Actor } from "../auth/actor";
import { readableQueueCondition } from "../auth/queue-permissions";
import { parseInput } from "../validation";

export const listCustomerTicketsInput = z.object({
  customerId: z.number().int().positive(),
  before: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(200).default(50),
});

export interface CustomerTicket {
  id: number;
  number: string;
  title: string;
  state: string;
  queue: { id: number; name: string };
  createdAt: string;
}

/** A customer's tickets that the actor may read, newest first. */
export async function listCustomerTickets(db: Db, actor: Pick<Actor, "id" | "isAdmin">, rawInput: z.input<typeof listCustomerTicketsInput>): Promise<{ tickets: CustomerTicket[]; nextBefore: number | null }> {
  const input = parseInput(listCustomerTicketsInput, rawInput);
  const rows = await db
    .select({ id: tickets.id, number: tickets.number, title: tickets.title, state: tickets.state, queueId: queues.id, queueName: queues.name, createdAt: tickets.createdAt })
    .from(tickets)
    .innerJoin(queues, eq(queues.id, tickets.queueId))
    .where(and(eq(tickets.customerId, input.customerId), readableQueueCondition(actor), input.before === undefined ? undefined : lt(tickets.id, input.before)))
    .orderBy(desc(tickets.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  return {
    tickets: page.map(({ queueId, queueName, createdAt, ...row }) => ({ ...row, queue: { id: queueId, name: queueName }, createdAt: createdAt.toISOString() })),
    nextBefore: rows.length > input.limit ? page[page.length - 1]!.id : null,
  };
}
