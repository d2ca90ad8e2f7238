import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { tickets } from "../../db/schema";

/**
 * The owner is still at work on the ticket (composing a reply): restarts the queue's unlock
 * timeout. Not a change anyone sees, so no history and no event; a no-op for anyone but the
 * lock holder.
 */
export async function recordOwnerActivity(db: Db, input: { agentId: number; number: string }): Promise<boolean> {
  const updated = await db
    .update(tickets)
    .set({ ownerActivityAt: sql`now()` })
    .where(and(eq(tickets.number, input.number), eq(tickets.ownerId, input.agentId), eq(tickets.lock, "locked")))
    .returning({ id: tickets.id });
  return updated.length > 0;
}
