import { lt, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { endedSessions } from "../../db/schema";

/**
 * Signs one session out for good: its id is refused from now on, even if a response still in
 * flight sets its cookie again. Ended sessions past their expiry are forgotten on the way.
 */
export async function endSession(db: Db, input: { agentId: number; sessionId: string; expiresAt: Date }): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(endedSessions).where(lt(endedSessions.expiresAt, sql`now()`));
    await tx.insert(endedSessions).values(input).onConflictDoNothing();
  });
}
