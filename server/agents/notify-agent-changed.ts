import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { forgetAgentLocally } from "../auth/api-token-cache";

/**
 * Tells every realtime sidecar that an agent's groups, permissions, validity or tokens changed, so
 * that it recomputes the rooms of that agent's open sockets, and every web process, so that it
 * forgets the agent's cached tokens (`ApiTokenCache`). Delivered on commit only; this process's
 * cache forgets at once.
 */
export async function notifyAgentChanged(db: Db, agentId: number): Promise<void> {
  forgetAgentLocally(agentId);
  await db.execute(sql`select pg_notify('helpdesk_agents', ${String(agentId)})`);
}
