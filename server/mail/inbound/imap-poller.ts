import { and, asc, eq, isNull, lte, or, sql } from "drizzle-orm";
import type { ImapFlow } from "imapflow";
import type { Database } from "../../../db/client";
import { mailAccounts } from "../../../db/schema";
import { connectImap, describeImapError, disconnectImap, MailAccountError, openFolder, type ImapAccount, type ImapTimeouts } from "./imap-connection";
import type { MailWorkerPool } from "./mail-worker-pool";
import { MAX_MESSAGE_BYTES } from "./store-inbound-message";

/**
 * Takes one fetched message into the helpdesk. `committed: true` means it is in the database for
 * good (stored; a processing failure is kept there as `failed`), so the mailbox may let it go.
 */
export type Ingest = (raw: Buffer) => Promise<{ committed: boolean }>;

export interface PollOptions {
  maxMessageBytes?: number;
  timeouts?: ImapTimeouts;
  /** Stops between two messages; the one being ingested is finished and marked first. */
  signal?: AbortSignal;
}

export interface PollSummary {
  /** Unseen messages downloaded. */
  fetched: number;
  /** Of those, committed and then marked read or deleted. */
  ingested: number;
  /** Unseen messages over the size limit, left in the mailbox as they were. */
  skipped: number;
  oversized: { uid: number; size: number }[];
}

/** `ingest` threw (the database is away): the message stays unseen and the poll stops, to be tried again. */
export class IngestFailedError extends Error {
  constructor(uid: number, cause: unknown) {
    super(`message UID ${uid} could not be stored and stays unseen for the next poll: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = "IngestFailedError";
  }
}

/** Marks a committed message done in the mailbox; a refusal stops the poll, since the message would be fetched again each time. */
async function release(client: ImapFlow, account: ImapAccount, uid: number): Promise<void> {
  const done =
    account.afterFetch === "delete"
      ? // UID EXPUNGE where the server has UIDPLUS; otherwise EXPUNGE, which also removes whatever else was flagged \Deleted.
        await client.messageDelete(String(uid), { uid: true })
      : await client.messageFlagsAdd(String(uid), ["\\Seen"], { uid: true });
  if (!done) throw new MailAccountError(`message UID ${uid} in ${account.folder} was stored but could not be ${account.afterFetch === "delete" ? "deleted" : "marked read"}; it will be fetched again (and recognised as a duplicate)`);
}

/**
 * Fetches the unseen messages of one mailbox, oldest first, and hands each to `ingest`. A message
 * is marked read or deleted only after `ingest` says it is committed, so nothing is lost when the
 * database is away: `ingest` throwing stops the poll and leaves that message unseen for the next.
 * A message marked in the mailbox only after a crash is fetched twice; the inbound pipeline turns
 * the second delivery (same Message-ID and body) into no second article.
 */
export async function pollMailAccount(account: ImapAccount, ingest: Ingest, options: PollOptions = {}): Promise<PollSummary> {
  const maxBytes = options.maxMessageBytes ?? MAX_MESSAGE_BYTES;
  const summary: PollSummary = { fetched: 0, ingested: 0, skipped: 0, oversized: [] };
  let client: ImapFlow;
  try {
    client = await connectImap(account, { timeouts: options.timeouts, maxMessageBytes: maxBytes, signal: options.signal });
  } catch (error) {
    if (options.signal?.aborted) return summary;
    throw error;
  }
  // Stopping drops the connection at once, unless a message is between ingest and marking.
  let settling = false;
  const onAbort = () => {
    if (!settling) client.close();
  };
  options.signal?.addEventListener("abort", onAbort);
  try {
    await openFolder(client, account);
    const unseen = (await client.search({ seen: false }, { uid: true })) || [];
    if (unseen.length === 0) return summary;
    // Sizes first, so that an over-size message is never downloaded; collected before any other command, as imapflow needs.
    const listed: { uid: number; size: number }[] = [];
    for await (const message of client.fetch(unseen, { uid: true, size: true }, { uid: true })) {
      listed.push({ uid: message.uid, size: message.size ?? 0 });
    }
    // UIDs grow with arrival: the oldest first, as a ticket's articles are ordered.
    listed.sort((a, b) => a.uid - b.uid);
    for (const { uid, size } of listed) {
      if (options.signal?.aborted) break;
      if (size > maxBytes) {
        summary.skipped++;
        summary.oversized.push({ uid, size });
        continue;
      }
      // BODY.PEEK: downloading does not set \Seen, only a commit does.
      const message = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
      // Gone meanwhile (another client deleted it): nothing to take.
      if (!message || !message.source) continue;
      // The size the server announced was wrong: the limit holds for what actually came.
      if (message.source.length > maxBytes) {
        summary.skipped++;
        summary.oversized.push({ uid, size: message.source.length });
        continue;
      }
      summary.fetched++;
      settling = true;
      try {
        const { committed } = await ingest(message.source).catch((error: unknown) => {
          throw new IngestFailedError(uid, error);
        });
        if (!committed) continue;
        await release(client, account, uid);
        summary.ingested++;
      } finally {
        settling = false;
      }
    }
    return summary;
  } catch (error) {
    if (options.signal?.aborted) return summary;
    throw error instanceof IngestFailedError || error instanceof MailAccountError ? error : new MailAccountError(describeImapError(error, account), { cause: error });
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
    await disconnectImap(client);
  }
}

export type MailAccountCheck = { ok: true; messages: number; unseen: number } | { ok: false; error: string };

/** Logs in and opens the folder read-only, touching nothing: the admin page's "test connection". */
export async function testMailAccount(account: ImapAccount, options: { timeouts?: ImapTimeouts } = {}): Promise<MailAccountCheck> {
  let client: ImapFlow | undefined;
  try {
    client = await connectImap(account, options);
    const { exists } = await openFolder(client, account, true);
    const unseen = (await client.search({ seen: false }, { uid: true })) || [];
    return { ok: true, messages: exists, unseen: unseen.length };
  } catch (error) {
    return { ok: false, error: describeImapError(error, account) };
  } finally {
    if (client) await disconnectImap(client);
  }
}

/** Stores a fetched message through a mail worker, then processes it there, as the SMTP server does. */
function ingestThrough(pool: MailWorkerPool): Ingest {
  return async (raw) => {
    const upload = pool.upload();
    upload.write(raw);
    const { id } = await upload.store("imap", { mailFrom: null, rcptTo: [] });
    // Stored is committed: a message that fails is kept as failed, one not processed now is picked up as a leftover.
    await pool.process(id).then(
      (result) => result.status === "failed" && console.error(`[mail] inbound message ${id} (IMAP) failed: ${result.error}`),
      (error: unknown) => console.error(`[mail] inbound message ${id} (IMAP) is stored, processing it failed:`, error instanceof Error ? error.message : error),
    );
    return { committed: true };
  };
}

/** Key space of the session advisory locks held while an account is polled: the two-int form, apart from the app's bigint locks. */
const POLL_LOCK_CLASS = 0x4d41_494c;

async function recordPoll(db: Database, id: number, error: string | null): Promise<void> {
  // From the end of the poll: a slow mailbox is not polled again straight away.
  await db.update(mailAccounts).set({ lastPolledAt: sql`now()`, lastError: error }).where(eq(mailAccounts.id, id));
}

function oversizeNote(account: ImapAccount, summary: PollSummary, maxBytes: number): string | null {
  if (summary.oversized.length === 0) return null;
  const uids = summary.oversized.map((message) => message.uid).join(", ");
  return `${summary.oversized.length} message(s) over ${Math.round(maxBytes / 1024 / 1024)} MB left unseen in ${account.folder} (UID ${uids})`;
}

/**
 * One poll of one account, never two at once anywhere: a session advisory lock on the account,
 * held on a connection of its own for the whole poll, then a claim that the account is still
 * due (another process may just have polled it).
 */
async function pollExclusively(db: Database, id: number, ingest: Ingest, options: PollOptions): Promise<void> {
  const connection = await db.$client.reserve();
  try {
    const [lock] = await connection<{ locked: boolean }[]>`select pg_try_advisory_lock(${POLL_LOCK_CLASS}::int, ${id}::int) as locked`;
    if (!lock?.locked) return;
    try {
      const [account] = await db
        .update(mailAccounts)
        .set({ lastPolledAt: sql`now()` })
        .where(and(eq(mailAccounts.id, id), eq(mailAccounts.valid, true), dueCondition()))
        .returning();
      if (!account) return;
      let error: string | null;
      try {
        const summary = await pollMailAccount(account, ingest, options);
        error = oversizeNote(account, summary, options.maxMessageBytes ?? MAX_MESSAGE_BYTES);
        if (summary.ingested > 0) console.log(`[mail] ${account.name}: ${summary.ingested} message(s) fetched over IMAP`);
      } catch (failure) {
        error = failure instanceof Error ? failure.message : String(failure);
      }
      if (error) console.error(`[mail] ${account.name}: ${error}`);
      await recordPoll(db, id, error);
    } finally {
      await connection`select pg_advisory_unlock(${POLL_LOCK_CLASS}::int, ${id}::int)`.catch(() => {});
    }
  } finally {
    connection.release();
  }
}

function dueCondition() {
  return or(isNull(mailAccounts.lastPolledAt), lte(sql`${mailAccounts.lastPolledAt} + ${mailAccounts.intervalSeconds} * interval '1 second'`, sql`now()`));
}

export interface ImapPollerOptions extends Omit<PollOptions, "signal"> {
  /** How often to look for due accounts; each account has its own interval. */
  checkIntervalMs?: number;
  /** Accounts polled at once by this process, each holding a database connection meanwhile. */
  concurrency?: number;
  /** Replaces storing through the pool, for tests. */
  ingest?: Ingest;
}

/**
 * Polls every valid account when it is due (`last_polled_at` + `interval_seconds`), a few at a
 * time, and records `last_polled_at` and `last_error`. Any number of processes may run one.
 */
export function startImapPoller(db: Database, pool: MailWorkerPool, options: ImapPollerOptions = {}): { stop(): Promise<void> } {
  const { checkIntervalMs = 5_000, concurrency = 2, ingest = ingestThrough(pool), ...pollOptions } = options;
  const abort = new AbortController();
  const polling = new Map<number, Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let checking: Promise<void> = Promise.resolve();

  const check = async () => {
    const due = await db
      .select({ id: mailAccounts.id })
      .from(mailAccounts)
      .where(and(eq(mailAccounts.valid, true), dueCondition()))
      .orderBy(sql`${mailAccounts.lastPolledAt} asc nulls first`, asc(mailAccounts.id));
    for (const { id } of due) {
      if (abort.signal.aborted || polling.size >= concurrency) break;
      if (polling.has(id)) continue;
      const poll = pollExclusively(db, id, ingest, { ...pollOptions, signal: abort.signal })
        .catch((error: unknown) => console.error(`[mail] polling mail account ${id} failed:`, error instanceof Error ? error.message : error))
        .finally(() => polling.delete(id));
      polling.set(id, poll);
    }
  };
  const tick = () => {
    checking = check()
      .catch((error: unknown) => console.error("[mail] looking for due mail accounts failed:", error instanceof Error ? error.message : error))
      .finally(() => {
        if (!abort.signal.aborted) timer = setTimeout(tick, checkIntervalMs);
      });
  };
  tick();

  return {
    async stop() {
      abort.abort();
      clearTimeout(timer);
      await checking;
      await Promise.all(polling.values());
    },
  };
}
