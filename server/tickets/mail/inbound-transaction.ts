import { sql } from "drizzle-orm";
import type { Database, Db } from "../../../db/client";
import { prebuildQuery, runPrebuiltQuery } from "../../../db/prebuilt-query";
import { inboundMessages } from "../../../db/schema";
import { appendHistoryLast, type HistoryEntry } from "../history";
import type { InboundRef, ReceiveOutcome } from "./mail-arrival";

/** What storing a message did, and the history it leaves, appended by `inInboundTransaction` last. */
export interface Received {
  outcome: Exclude<ReceiveOutcome, { kind: "duplicate" | "already_processed" }>;
  history: HistoryEntry[];
}

type InboundStatus = (typeof inboundMessages.$inferSelect)["status"];

// Run for every message: built once. One statement takes the Message-ID's lock and the row's, alike in every processor.
const lockMessageQuery = prebuildQuery(sql`
  select status, pg_advisory_xact_lock(hashtext(${sql.placeholder("messageId")})) from ${inboundMessages} where id = ${sql.placeholder("id")} for update`);
const lockMessageWithoutIdQuery = prebuildQuery(sql`select status from ${inboundMessages} where id = ${sql.placeholder("id")} for update`);
const earlierCopyQuery = prebuildQuery(sql`
  select ticket_id as "ticketId" from ${inboundMessages}
  where message_id = ${sql.placeholder("messageId")} and body_hash = ${sql.placeholder("bodyHash")} and status = 'processed' and id <> ${sql.placeholder("id")}
  limit 1`);
const markQuery = prebuildQuery(sql`
  update ${inboundMessages} set status = ${sql.placeholder("status")}, ticket_id = ${sql.placeholder("ticketId")}, processed_at = now(), error = null
  where id = ${sql.placeholder("id")}`);

function mark(tx: Db, id: number, status: "processed" | "duplicate", ticketId: number | null): Promise<object[]> {
  return runPrebuiltQuery(tx, markQuery, { id, status, ticketId });
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
    const { id, messageId, bodyHash } = inbound;
    // The look for an earlier copy goes with the locking statement: the connection runs it once the locks are held.
    const [[row], [original]] = await Promise.all([
      runPrebuiltQuery<{ status: InboundStatus }>(tx, messageId ? lockMessageQuery : lockMessageWithoutIdQuery, { id, messageId }),
      messageId ? runPrebuiltQuery<{ ticketId: number | null }>(tx, earlierCopyQuery, { id, messageId, bodyHash }) : [],
    ]);
    if (!row || row.status === "processed" || row.status === "duplicate") return { outcome: { kind: "already_processed" } as const };
    if (original) {
      await mark(tx, id, "duplicate", original.ticketId);
      return { outcome: { kind: "duplicate", ticketId: original.ticketId } as const };
    }
    const { outcome, history } = await work(tx);
    // Marked processed, then the history appended last: both go with the COMMIT in one flight,
    // and either failing turns the COMMIT into a rollback, reported below.
    const written = Promise.all([mark(tx, id, "processed", outcome.ticketId), appendHistoryLast(tx, null, history).appended]);
    written.catch(() => {});
    return { outcome, written };
  });
  if ("written" in done) await done.written;
  return done.outcome;
}
