import { asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { agents, auditLog } from "../../db/schema";

/** The audit rows about `target` (e.g. `agent:7`), oldest first. */
export async function auditRows(db: Db, target: string) {
  return db.select({ actorId: auditLog.actorId, action: auditLog.action, details: auditLog.details }).from(auditLog).where(eq(auditLog.target, target)).orderBy(asc(auditLog.id));
}

/** An agent's session_version and validity as stored. */
export async function agentState(db: Db, id: number) {
  const [row] = await db.select({ sessionVersion: agents.sessionVersion, valid: agents.valid, isAdmin: agents.isAdmin, name: agents.name, email: agents.email }).from(agents).where(eq(agents.id, id));
  return row!;
}
