import { and, asc, eq, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { inboundMessages } from "../../../db/schema";
import { processInboundMessage, type ProcessResult } from "./process-inbound-message";

/** Tries the failed messages again (all, or one), oldest first, and says how each went. */
export async function reprocessFailedMessages(db: Database, options: { id?: number } = {}): Promise<{ id: number; result: ProcessResult }[]> {
  const failed = await db
    .select({ id: inboundMessages.id })
    .from(inboundMessages)
    .where(and(eq(inboundMessages.status, "failed"), options.id === undefined ? sql`true` : eq(inboundMessages.id, options.id)))
    .orderBy(asc(inboundMessages.id));
  const results: { id: number; result: ProcessResult }[] = [];
  for (const { id } of failed) results.push({ id, result: await processInboundMessage(db, id) });
  return results;
}
