import { asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { auditLog } from "../../db/schema";

/** The audit rows written about one target (e.g. `queue:7`), oldest first. */
export async function auditOf(db: Db, target: string) {
  return db.select({ actorId: auditLog.actorId, action: auditLog.action, details: auditLog.details }).from(auditLog).where(eq(auditLog.target, target)).orderBy(asc(auditLog.id));
}
