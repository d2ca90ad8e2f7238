import { asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { ticketHistory, tickets } from "../../db/schema";

/** The ticket's history rows, oldest first, with what the events need. */
export async function historyOf(db: Db, number: string) {
  return db
    .select({
      id: ticketHistory.id,
      type: ticketHistory.type,
      name: ticketHistory.name,
      actorId: ticketHistory.actorId,
      changes: ticketHistory.changes,
      lock: ticketHistory.lock,
      ownerId: ticketHistory.ownerId,
      state: ticketHistory.state,
      queueId: ticketHistory.queueId,
      previousQueueId: ticketHistory.previousQueueId,
      articleId: ticketHistory.articleId,
      snapshot: ticketHistory.snapshot,
      data: ticketHistory.data,
    })
    .from(ticketHistory)
    .innerJoin(tickets, eq(tickets.id, ticketHistory.ticketId))
    .where(eq(tickets.number, number))
    .orderBy(asc(ticketHistory.id));
}

export async function historyTypes(db: Db, number: string): Promise<string[]> {
  return (await historyOf(db, number)).map((row) => row.type);
}
