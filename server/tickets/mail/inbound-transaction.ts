import { and, eq, ne, sql } from "drizzle-orm";
import type { Database, Db } from "../../../db/client";
import { inboundMessages } from "../../../db/schema";
import { appendHistoryLast, type HistoryEntry } from "../history";
import type { InboundRef, ReceiveOutcome } from "./mail-arrival";

/** What storing a message did, and the history it leaves, appended by `inInboundTransaction` last. */
export interface Received {
  outcome: Exclude<ReceiveOutcome, { kind: "duplicate" | "already_processed" }>;
  history: HistoryEntry[];
}

/**
 * Runs the storing of an inbound message as one transaction with marking it processed, so a
 * crash either leaves it `new` (and it is processed again) or fully done. The row lock makes
 * two processors of one message take turns; the advisory lock on its Message-ID makes two
 * deliveries of the same message (same Message-ID and body) one article. A message without a
 * Message-ID is never taken for a duplicate.
 */
export async function inInboundTransaction(db: Database, inbound: InboundRef, work: (tx: Db) => Promise<Received>): Promise<ReceiveOutcome> {
  const done = await db.transaction(async (tx) => {
    // One statement takes the Message-ID's lock and the row's, alike in every processor.
    const messageLock = inbound.messageId ? sql`pg_advisory_xact_lock(hashtext(${inbound.messageId}))` : sql`null`;
    // The look for an earlier copy goes with it: the connection runs it once the locks are held.
    const [[row], [original]] = await Promise.all([
      tx.select({ status: inboundMessages.status, messageLock }).from(inboundMessages).where(eq(inboundMessages.id, inbound.id)).for("update"),
      inbound.messageId
        ? tx
            .select({ ticketId: inboundMessages.ticketId })
            .from(inboundMessages)
            .where(and(eq(inboundMessages.messageId, inbound.messageId), eq(inboundMessages.bodyHash, inbound.bodyHash), eq(inboundMessages.status, "processed"), ne(inboundMessages.id, inbound.id)))
            .limit(1)
        : [],
    ]);
    if (!row || row.status === "processed" || row.status === "duplicate") return { outcome: { kind: "already_processed" } as const };
    if (original) {
      await tx.update(inboundMessages).set({ status: "duplicate", ticketId: original.ticketId, processedAt: sql`now()`, error: null }).where(eq(inboundMessages.id, inbound.id));
      return { outcome: { kind: "duplicate", ticketId: original.ticketId } as const };
    }
    const { outcome, history } = await work(tx);
    // Marked processed, then the history appended last: both go with the COMMIT in one flight,
    // and either failing turns the COMMIT into a rollback, reported below.
    const marked = tx.update(inboundMessages).set({ status: "processed", ticketId: outcome.ticketId, processedAt: sql`now()`, error: null }).where(eq(inboundMessages.id, inbound.id)).execute();
    const written = Promise.all([marked, appendHistoryLast(tx, null, history).appended]);
    written.catch(() => {});
    return { outcome, written };
  });
  if ("written" in done) await done.written;
  return done.outcome;
}
