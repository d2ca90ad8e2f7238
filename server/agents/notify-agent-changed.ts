import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";

/**
 * Tells every realtime sidecar that an agent's groups, permissions or validity changed, so
 * that it recomputes the rooms of that agent's open sockets. Delivered on commit only.
 */
export async function notifyAgentChanged(db: Db, agentId: number): Promise<void> {
  await db.execute(sql`select pg_notify('helpdesk_agents', ${String(agentId)})`);
}
