import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { agents } from "../../db/schema";
import { NotFoundError } from "../errors";
import { notifyAgentChanged } from "./notify-agent-changed";

/**
 * Disables an agent: they can no longer sign in, and raising session_version ends every
 * session and socket they have at once.
 */
export async function invalidateAgent(db: Db, agentId: number): Promise<void> {
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(agents)
      .set({ valid: false, sessionVersion: sql`${agents.sessionVersion} + 1`, updatedAt: sql`now()` })
      .where(eq(agents.id, agentId))
      .returning({ id: agents.id });
    if (updated.length === 0) throw new NotFoundError(`agent ${agentId}`);
    await notifyAgentChanged(tx, agentId);
  });
}
