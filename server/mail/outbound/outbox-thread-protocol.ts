/** What the outbox thread (outbox-thread.ts) and its host in the server process (outbox-thread-host.ts) say to each other. */

export interface OutboxThreadData {
  databaseUrl: string;
  /** CONTRACT.md's SMTP_URL; without it, mail is written to `<dataDir>/outbox/`. */
  smtpUrl?: string;
  dataDir: string;
}

/** Host → thread: let the batch in flight commit, close the pool; the thread then ends. */
export type OutboxThreadRequest = { type: "stop" };

/** Thread → host: the worker runs, and this is where mail goes (for the log). */
export type OutboxThreadEvent = { type: "started"; description: string };
