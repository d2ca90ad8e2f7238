import type { Db } from "../../db/client";
import { deliveriesFor, readHistory, type Delivery, type HistoryRecord } from "./history-events";
import { agentRoom, queueRoom } from "./rooms";
import type { RealtimeSocket } from "./socket-types";

/** How far back a reconnecting client is caught up event by event; further back, it reloads (`resync`). */
export const REPLAY_WINDOW = 10_000;

/** The tailer's most recent rows, so that a reconnect storm replays from memory, not the database. */
export class RecentHistory {
  private records: HistoryRecord[] = [];

  constructor(private readonly capacity = REPLAY_WINDOW) {}

  add(records: HistoryRecord[]): void {
    this.records.push(...records);
    if (this.records.length > this.capacity * 1.5) this.records = this.records.slice(-this.capacity);
  }

  /** The records after `afterId` up to `upTo`, if memory reaches back that far. */
  between(afterId: number, upTo: number): HistoryRecord[] | null {
    const first = this.records[0];
    if (!first || first.id > afterId + 1) return null;
    return this.records.filter((record) => record.id > afterId && record.id <= upTo);
  }
}

/** Whether the socket's agent may receive this delivery: one of their queues, or addressed to them. */
export function visibleTo(socket: RealtimeSocket, delivery: Delivery): boolean {
  const rooms = new Set([...socket.data.queues.map(queueRoom), agentRoom(socket.data.agent.id)]);
  return delivery.rooms.some((room) => rooms.has(room));
}

/**
 * Sends a reconnecting socket, in order, every event after `afterId` up to `upTo` (where the
 * tailer stands) that its agent may read. Returns false when `afterId` is outside the window:
 * the client must reload instead.
 */
export async function replay(
  db: Db,
  recent: RecentHistory,
  socket: RealtimeSocket,
  afterId: number,
  upTo: number,
  send: (socket: RealtimeSocket, delivery: Delivery, record: HistoryRecord) => void,
): Promise<boolean> {
  if (!Number.isInteger(afterId) || afterId < 0 || afterId > upTo || upTo - afterId > REPLAY_WINDOW) return false;
  const emit = (records: HistoryRecord[]) => {
    for (const record of records) for (const delivery of deliveriesFor(record)) if (visibleTo(socket, delivery)) send(socket, delivery, record);
  };
  const fromMemory = recent.between(afterId, upTo);
  if (fromMemory) {
    emit(fromMemory);
    return true;
  }
  for (let cursor = afterId; cursor < upTo; ) {
    const records = (await readHistory(db, cursor, 1_000)).filter((record) => record.id <= upTo);
    if (records.length === 0) break;
    emit(records);
    cursor = records.at(-1)!.id;
  }
  return true;
}
