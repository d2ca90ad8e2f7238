import type { Db } from "../../db/client";
import { auditLog } from "../../db/schema";

export interface AuditEntry {
  actorId: number | null;
  action: string;
  target: string;
  /** The values set or changed; never secrets (passwords, tokens). */
  details?: Record<string, unknown>;
}

/** Records an administrative change, in the caller's transaction so that it is recorded exactly when the change is. */
export async function recordAudit(tx: Db, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({ actorId: entry.actorId, action: entry.action, target: entry.target, details: entry.details ?? null });
}
