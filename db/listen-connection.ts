import postgres from "postgres";

const FIRST_RETRY_MS = 50;
const LONGEST_RETRY_MS = 2_000;

export interface ListenHandlers {
  notify(channel: string, payload: string): void;
  /** LISTEN stands, first or again: what was announced while it did not is unknown. */
  listening?(): void;
  /** The connection closed: nothing is announced until `listening` comes again. */
  lost?(): void;
}

/**
 * postgres.js calls it with every NOTIFY its connections receive; its types leave it out. Used
 * instead of `sql.listen`, which re-listens on a connection of its own after a loss but tells
 * no one of the loss (that connection's `onclose` is postgres.js's own).
 */
interface NotifyOption {
  onnotify: (channel: string, payload: string) => void;
}

/**
 * One connection that LISTENs on `channels` and says when it starts and stops to: a lost
 * connection is reported, then LISTEN is tried again (50 ms, doubling to 2 s) until `close`.
 */
export class ListenConnection {
  private readonly sql: postgres.Sql;
  private up = false;
  private closed = false;
  private retryDelayMs = FIRST_RETRY_MS;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    databaseUrl: string,
    private readonly channels: string[],
    private readonly handlers: ListenHandlers,
    applicationName: string,
  ) {
    const options: postgres.Options<Record<string, never>> & NotifyOption = {
      max: 1,
      max_lifetime: null,
      fetch_types: false,
      onnotice: () => {},
      onnotify: (channel, payload) => this.handlers.notify(channel, payload),
      onclose: () => this.lost(),
      connection: { application_name: applicationName },
    };
    this.sql = postgres(databaseUrl, options);
  }

  get listening(): boolean {
    return this.up && !this.closed;
  }

  /** The first LISTEN; it rejects when that fails, and is retried from then on, until `close`. */
  start(): Promise<void> {
    return this.listen();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.up = false;
    clearTimeout(this.retryTimer);
    await this.sql.end({ timeout: 2 });
  }

  private async listen(): Promise<void> {
    try {
      for (const channel of this.channels) await this.sql`listen ${this.sql(channel)}`;
    } catch (error) {
      this.retry();
      throw error;
    }
    if (this.closed) return;
    this.up = true;
    this.retryDelayMs = FIRST_RETRY_MS;
    this.handlers.listening?.();
  }

  private lost(): void {
    if (this.closed) return;
    this.up = false;
    this.handlers.lost?.();
    this.retry();
  }

  private retry(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.listen().catch(() => {});
    }, this.retryDelayMs);
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, LONGEST_RETRY_MS);
  }
}
