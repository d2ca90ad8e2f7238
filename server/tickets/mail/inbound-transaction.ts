import { and, eq, ne, sql } from "drizzle-orm";
import type { Database, Db } from "../../../db/client";
import { inboundMessages } from "../../../db/schema";
import type { InboundRef, ReceiveOutcome } from "./mail-arrival";

/**
 * Runs the storing of an inbound message as one transaction with marking it processed, so a
 * crash either leaves it `new` (and it is processed again) or fully done. The row lock makes
 * two processors of one message take turns; the advisory lock on its Message-ID makes two
 * deliveries of the same message (same Message-ID and body) one article. A message without a
 * Message-ID is never taken for a duplicate.
 */
export async function inInboundTransaction(
  db: Database,
  inbound: InboundRef,
  work: (tx: Db) => Promise<Exclude<ReceiveOutcome, { kind: "duplicate" | "already_processed" }>>,
): Promise<ReceiveOutcome> {
  return db.transaction(async (tx) => {
    // One statement takes the Message-ID's lock and the row's, alike in every processor.
    const messageLock = inbound.messageId ? sql`pg_advisory_xact_lock(hashtext(${inbound.messageId}))` : sql`null`;
    const [row] = await tx.select({ status: inboundMessages.status, messageLock }).from(inboundMessages).where(eq(inboundMessages.id, inbound.id)).for("update");
    if (!row || row.status === "processed" || row.status === "duplicate") return { kind: "already_processed" };
    if (inbound.messageId) {
      const [original] = await tx
        .select({ ticketId: inboundMessages.ticketId })
        .from(inboundMessages)
        .where(and(eq(inboundMessages.messageId, inbound.messageId), eq(inboundMessages.bodyHash, inbound.bodyHash), eq(inboundMessages.status, "processed"), ne(inboundMessages.id, inbound.id)))
        .limit(1);
      if (original) {
        await tx.update(inboundMessages).set({ status: "duplicate", ticketId: original.ticketId, processedAt: sql`now()`, error: null }).where(eq(inboundMessages.id, inbound.id));
        return { kind: "duplicate", ticketId: original.ticketId };
      }
    }
    const outcome = await work(tx);
    await tx.update(inboundMessages).set({ status: "processed", ticketId: outcome.ticketId, processedAt: sql`now()`, error: null }).where(eq(inboundMessages.id, inbound.id));
    return outcome;
  });
}
