import type { Db } from "../../db/client";
import { ListenConnection } from "../../db/listen-connection";
import { latestHistoryId, readHistory, type HistoryRecord } from "./history-events";
import { SerialQueue } from "./serial-queue";

export interface TailerOptions {
  /** The catch-up timer: a lost NOTIFY costs at most this much latency, never an event. */
  catchUpIntervalMs?: number;
  batchSize?: number;
}

export interface TailerStatus {
  listening: boolean;
  /** The last history id handed on: every event up to it has been delivered. */
  lastId: number;
}

/**
 * Follows `ticket_history`: LISTEN on `helpdesk_events` is only a wake-up; the rows with
 * `id > last` are read in id order (which is commit order, DESIGN.md) and handed on, so a
 * NOTIFY lost to a dropped connection or a restart costs latency, never an event. It also
 * catches up whenever the LISTEN connection is re-established and on a short timer.
 *
 * Work on the shared queue runs one piece at a time, in the order it was asked for: the
 * sidecar puts its permission changes (NOTIFY `helpdesk_agents`) on the same queue, so a
 * revoked queue stops receiving before any event committed after the revocation.
 */
export class HistoryTailer {
  private last = 0;
  private timer: NodeJS.Timeout | undefined;
  private listener: ListenConnection | undefined;
  private stopped = false;
  private draining: Promise<void> | null = null;
  private drainAgain = false;

  constructor(
    private readonly db: Db,
    private readonly databaseUrl: string,
    private readonly queue: SerialQueue,
    private readonly deliver: (records: HistoryRecord[]) => void,
    private readonly options: TailerOptions = {},
  ) {}

  get status(): TailerStatus {
    return { listening: this.listener?.listening ?? false, lastId: this.last };
  }

  get lastId(): number {
    return this.last;
  }

  /** Starts from the newest row: earlier events are for replays. */
  async start(onAgentChanged: (agentId: number) => Promise<void>): Promise<void> {
    this.last = await latestHistoryId(this.db);
    const onAgent = (payload: string) => {
      const agentId = Number(payload);
      if (Number.isInteger(agentId)) {
        this.queue.push(() => onAgentChanged(agentId)).catch((error: unknown) => console.error("[realtime] applying an agent change failed:", error instanceof Error ? error.message : error));
      }
    };
    this.listener = new ListenConnection(
      this.databaseUrl,
      ["helpdesk_events", "helpdesk_agents"],
      { notify: (channel, payload) => (channel === "helpdesk_agents" ? onAgent(payload) : this.wake()), listening: () => this.wake() },
      "helpdesk-realtime-listen",
    );
    await this.listener.start();
    this.timer = setInterval(() => this.wake(), this.options.catchUpIntervalMs ?? 1_000);
  }

  /** Reads everything committed since the last row, now (coalescing wake-ups that come meanwhile). */
  wake(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.drainAgain = true;
      return;
    }
    this.draining = this.queue
      .push(() => this.drain())
      .catch((error: unknown) => console.error("[realtime] reading ticket_history failed:", error instanceof Error ? error.message : error))
      .finally(() => {
        this.draining = null;
        if (this.drainAgain) {
          this.drainAgain = false;
          this.wake();
        }
      });
  }

  private async drain(): Promise<void> {
    const batchSize = this.options.batchSize ?? 500;
    for (;;) {
      const records = await readHistory(this.db, this.last, batchSize);
      if (records.length === 0) return;
      // Handed on and recorded in one synchronous step: `lastId` never runs ahead of delivery.
      this.deliver(records);
      this.last = records.at(-1)!.id;
      if (records.length < batchSize) return;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.draining;
    await this.listener?.close();
  }
}
