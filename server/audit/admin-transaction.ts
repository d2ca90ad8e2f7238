import type { Db } from "../../db/client";
import type { Actor } from "../auth/actor";
import { ForbiddenError } from "../errors";

/** Who makes an administrative change: only their id (for the audit log) and whether they may. */
export type AdminActor = Pick<Actor, "id" | "isAdmin">;

/** Refuses anyone but an administrator; the admin pages and API check first, this is the domain's own guard. */
export function assertAdmin(actor: AdminActor): void {
  if (!actor.isAdmin) throw new ForbiddenError("administrators only");
}

/**
 * Runs an administrative change in one transaction, for an administrator only: the change and
 * its audit row (written by `work`) commit together or not at all.
 */
export async function adminTransaction<T>(db: Db, actor: AdminActor, work: (tx: Db) => Promise<T>): Promise<T> {
  assertAdmin(actor);
  return db.transaction(async (tx) => work(tx));
}
