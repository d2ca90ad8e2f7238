/** What the SMTP worker thread (smtp-worker.ts) and its host in the server process (smtp-worker-host.ts) say to each other. */

export interface SmtpWorkerData {
  databaseUrl: string;
  port: number;
  /** Omitted: every interface, as `net.Server.listen(port)`. */
  host?: string;
}

/** Host → worker: stop listening, let the open sessions end, close the database pool; the thread then ends. */
export type SmtpWorkerRequest = { type: "close" };

/** Worker → host. */
export type SmtpWorkerEvent =
  | { type: "listening"; port: number }
  /** It could not listen (the port is taken, say): the worker has ended. */
  | { type: "listen-failed"; error: string }
  /** A message is stored (committed) with this id; its bytes come along (transferred), so processing need not read them back. */
  | { type: "stored"; id: number; raw: Uint8Array<ArrayBuffer> };
