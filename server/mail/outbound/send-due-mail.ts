import { eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { prebuildQuery, runPrebuiltQuery } from "../../../db/prebuilt-query";
import { outbox } from "../../../db/schema";
import { buildMessage, type OutboxRow } from "./build-message";
import type { MailTransport, SendResult } from "./mail-transport";

/** After this many failed attempts a message waits for an administrator (`retryFailedMail`). */
export const MAX_ATTEMPTS = 10;

const FIRST_RETRY_MS = 60_000;
const LONGEST_RETRY_MS = 3_600_000;
const MAX_ERROR_LENGTH = 2_000;

export interface SendDueMailOptions {
  /** Rows claimed, and committed, together. */
  batchSize?: number;
  /** Messages of a batch in flight at once, so a slow one does not hold up the others. */
  concurrency?: number;
  /**
   * Hard limit for one message, whatever the transport's own timeouts do. By default a minute
   * plus a second per 64 KiB, so a large attachment on a slow link is not cut off every time.
   */
  sendTimeoutMs?: number;
  /** Stop after this many batches even if more is due, so the caller gets a turn. */
  maxBatches?: number;
  /** "Now" for what is due and for the next retry; the database's clock by default. */
  now?: Date;
  /** Checked between batches: stopping never abandons a batch halfway. */
  signal?: AbortSignal;
}

export interface SendDueMailResult {
  sent: number;
  /** Attempts that failed in this run, including those that gave up. */
  failed: number;
}

/**
 * Sends the outbox rows that are due. Each batch is claimed `FOR UPDATE SKIP LOCKED` and the
 * claim is held through the sends, so workers in any number of processes never send a row
 * at the same time; the outcome commits with the claim. When a process dies mid-batch the
 * claim rolls back with it and the rows are sent again later with the same Message-ID:
 * delivery is at least once, never lost.
 */
export async function sendDueMail(db: Db, transport: MailTransport, options: SendDueMailOptions = {}): Promise<SendDueMailResult> {
  const batchSize = options.batchSize ?? 20;
  const maxBatches = options.maxBatches ?? 50;
  const total: SendDueMailResult = { sent: 0, failed: 0 };
  for (let batch = 0; batch < maxBatches && !options.signal?.aborted; batch++) {
    const { claimed, sent, failed } = await sendBatch(db, transport, batchSize, options);
    total.sent += sent;
    total.failed += failed;
    // A short batch means nothing more was due that no other worker holds: LIMIT counts the rows
    // locked, so rows skipped or sent meanwhile are made up from further due rows. What is queued
    // after the claim's query started comes with its own NOTIFY.
    if (claimed < batchSize) break;
  }
  return total;
}

/** A claimed row: what sending it and recording a failure need. */
type DueRow = OutboxRow & Pick<typeof outbox.$inferSelect, "id" | "recipient" | "attempts">;

// Run for every batch the worker wakes for: built once. `now` is null for the database's clock.
const claimQuery = prebuildQuery(sql`
  select id, message_id as "messageId", message, recipient, attempts, created_at as "createdAt" from ${outbox}
  where sent_at is null and failed_at is null and next_attempt_at <= coalesce(${sql.placeholder("now")}::timestamptz, now())
  order by next_attempt_at, id
  limit ${sql.placeholder("limit")}
  for update skip locked`);
const markSentQuery = prebuildQuery(sql`update ${outbox} set sent_at = clock_timestamp(), last_error = ${sql.placeholder("error")} where id = ${sql.placeholder("id")}`);

async function sendBatch(db: Db, transport: MailTransport, batchSize: number, options: SendDueMailOptions) {
  const retryBase: SQL = options.now ? sql`${options.now.toISOString()}::timestamptz` : sql`clock_timestamp()`;
  return db.transaction(async (tx) => {
    // The database's clock, not this host's, unless a caller (a test) moves time on purpose.
    const claimed = await runPrebuiltQuery<Omit<DueRow, "createdAt"> & { createdAt: string }>(tx, claimQuery, { now: options.now?.toISOString() ?? null, limit: batchSize });
    const due: DueRow[] = claimed.map((row) => ({ ...row, createdAt: new Date(row.createdAt) }));
    let sent = 0;
    let failed = 0;
    await inLanes(due, options.concurrency ?? 4, async (row) => {
      const outcome = await attempt(tx, transport, row, options.sendTimeoutMs);
      if (outcome.ok) {
        const error = outcome.rejected.length > 0 ? truncate(`sent, but the relay refused ${outcome.rejected.join(", ")}`) : null;
        await runPrebuiltQuery(tx, markSentQuery, { id: row.id, error });
        sent++;
        return;
      }
      const attempts = row.attempts + 1;
      const givingUp = attempts >= MAX_ATTEMPTS;
      await tx
        .update(outbox)
        .set({
          attempts,
          lastError: truncate(outcome.error),
          nextAttemptAt: sql`${retryBase} + ${retryDelayMs(attempts)}::integer * interval '1 millisecond'`,
          failedAt: givingUp ? sql`clock_timestamp()` : null,
        })
        .where(eq(outbox.id, row.id));
      failed++;
      const what = givingUp ? `gave up after ${attempts} attempts` : `attempt ${attempts} failed`;
      console.warn(`[mail] ${row.messageId} to ${row.recipient || "?"}: ${what}: ${outcome.error}`);
    });
    // The rows commit as sent only once what the transport took is durable.
    if (sent > 0) await transport.flush?.();
    return { claimed: due.length, sent, failed };
  });
}

type Outcome = { ok: true; rejected: string[] } | { ok: false; error: string };

async function attempt(db: Db, transport: MailTransport, row: OutboxRow, timeoutMs: number | undefined): Promise<Outcome> {
  try {
    const mail = await buildMessage(db, row);
    const result = await withDeadline(transport.send(mail), timeoutMs ?? 60_000 + Math.ceil(mail.raw.length / 65_536) * 1_000);
    return { ok: true, rejected: (result as SendResult | undefined)?.rejected ?? [] };
  } catch (error) {
    return { ok: false, error: describeError(error) };
  }
}

/** 1, 2, 4 … minutes, at most an hour; the jitter only shortens, so the cap holds and a relay that comes back is not hit by every waiting message in the same second. */
function retryDelayMs(attempts: number): number {
  const delay = Math.min(FIRST_RETRY_MS * 2 ** (attempts - 1), LONGEST_RETRY_MS);
  return Math.round(delay * (1 - 0.2 * Math.random()));
}

function withDeadline<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the transport within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/**
 * Runs `task` over the items, `lanes` at a time. A task that throws is a database failure,
 * which dooms the transaction: the other lanes stop taking items, so nothing more is sent
 * whose outcome could not be recorded.
 */
async function inLanes<T>(items: T[], lanes: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let broken = false;
  const lane = async () => {
    while (!broken && next < items.length) {
      const item = items[next++]!;
      try {
        await task(item);
      } catch (error) {
        broken = true;
        throw error;
      }
    }
  };
  const results = await Promise.allSettled(Array.from({ length: Math.max(1, Math.min(lanes, items.length)) }, lane));
  const failure = results.find((result) => result.status === "rejected");
  if (failure) throw failure.reason;
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const response = (error as Error & { response?: unknown }).response;
    // nodemailer puts the relay's answer in `response`; the message alone may not name it.
    if (typeof response === "string" && !error.message.includes(response)) return `${error.message}: ${response}`;
    return error.message;
  }
  return String(error);
}

function truncate(text: string): string {
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}
