import type { Database } from "../../../db/client";
import type { MailTransport } from "./mail-transport";
import { sendDueMail, type SendDueMailOptions } from "./send-due-mail";

/** Where `queueOutboundMail` says that a message is waiting, so it goes out without waiting for the next poll. */
export const OUTBOX_CHANNEL = "helpdesk_outbox";

export interface OutboxWorkerOptions extends Omit<SendDueMailOptions, "now" | "signal"> {
  /** Poll interval: the fallback for retries coming due and for missed notifications. */
  intervalMs?: number;
  /** Wake on NOTIFY; off, the worker only polls. */
  listen?: boolean;
}

export interface OutboxWorker {
  /** Resolves once the batch in flight, if any, has committed. */
  stop(): Promise<void>;
  /** A promise of the end of the next complete run: for tests and for a CLI that flushes. */
  idle(): Promise<void>;
}

/**
 * Sends due outbox mail every `intervalMs` (each run after the previous ends), and at once on
 * NOTIFY. Any number of workers may run, in any number of processes: `sendDueMail` claims rows
 * with SKIP LOCKED. A failed run is logged and retried on the next tick.
 */
export function startOutboxWorker(db: Database, transport: MailTransport, options: OutboxWorkerOptions = {}): OutboxWorker {
  const intervalMs = options.intervalMs ?? 2_000;
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let waiters: (() => void)[] = [];

  const run = () => {
    clearTimeout(timer);
    timer = undefined;
    if (abort.signal.aborted) return;
    if (running) {
      // A notification during a run: its row may have been committed after the claim query.
      again = true;
      return;
    }
    const finished = waiters;
    waiters = [];
    running = sendDueMail(db, transport, { ...options, signal: abort.signal })
      .then(() => undefined)
      .catch((error: unknown) => console.error("[mail] outbox run failed:", error))
      .finally(() => {
        running = undefined;
        for (const resolve of finished) resolve();
        if (abort.signal.aborted) return;
        if (again) {
          again = false;
          run();
        } else {
          timer = setTimeout(run, intervalMs);
        }
      });
  };

  const listening =
    options.listen === false
      ? Promise.resolve(undefined)
      : // The second callback runs after every (re)connect: notifications sent while disconnected are lost, so look.
        db.$client.listen(OUTBOX_CHANNEL, () => run(), () => run()).catch((error: unknown) => {
          // Polling still delivers everything, only later.
          console.error("[mail] cannot LISTEN for outbox notifications:", error);
          return undefined;
        });
  run();

  return {
    async stop() {
      abort.abort();
      clearTimeout(timer);
      await running;
      for (const resolve of waiters.splice(0)) resolve();
      await (await listening)?.unlisten().catch(() => {});
    },
    idle() {
      if (abort.signal.aborted) return Promise.resolve();
      const done = new Promise<void>((resolve) => waiters.push(resolve));
      // The next run starts now rather than at the next tick.
      if (!running) run();
      else again = true;
      return done;
    },
  };
}
