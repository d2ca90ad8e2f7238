import { and, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { outbox } from "../../../db/schema";

/**
 * Gives messages the worker gave up on a fresh run of attempts, at once: for an administrator
 * who has fixed the relay or the address. Without `id`, every failed message. The Message-ID
 * stays, so a recipient who did get an earlier copy sees one mail. Returns how many were reset.
 */
export async function retryFailedMail(db: Db, options: { id?: number } = {}): Promise<number> {
  const failed = and(isNotNull(outbox.failedAt), isNull(outbox.sentAt));
  const rows = await db
    .update(outbox)
    .set({ failedAt: null, attempts: 0, nextAttemptAt: sql`now()` })
    .where(options.id === undefined ? failed : and(failed, eq(outbox.id, options.id)))
    .returning({ id: outbox.id });
  if (rows.length > 0) await db.execute(sql`select pg_notify('helpdesk_outbox', ${String(rows.length)})`);
  return rows.length;
}
