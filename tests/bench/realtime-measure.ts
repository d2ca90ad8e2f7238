import type { MergedCollection } from "./realtime-client-pool";
import { newestPerQueue, type Change } from "./realtime-changes";
import { newestFor } from "./realtime-protocol";

/** Sorted copy, for `quantile`. */
export function sorted(samples: ArrayLike<number>): Float64Array {
  return Float64Array.from(samples).sort();
}

/** Nearest-rank quantile `q` (0–1) of an ascending array; NaN when empty. */
export function quantile(ascending: Float64Array, q: number): number {
  if (ascending.length === 0) return Number.NaN;
  return ascending[Math.min(ascending.length, Math.max(1, Math.ceil(q * ascending.length))) - 1]!;
}

/** How each socket's received ids compare with what it should have received, in order. */
export interface Delivered {
  sockets: number;
  expected: number;
  received: number;
  /** Expected events a socket never received. */
  missing: number;
  /** Events received again, or out of order. */
  duplicates: number;
  /** Events that were not expected (not in the list, or not after the socket's start). */
  unexpected: number;
}

/** A ticket_history row the bench expects on sockets: its id and its queue's index. */
export interface BenchEvent {
  id: number;
  queue: number;
}

/** The queue index a socket's agent reads (null: every queue), by global socket index. */
export type ReadsOf = (socket: number) => number | null;

/**
 * Walks every record of a phase once, per socket in receive order, against the events each
 * socket should have received (those of `events` in a queue it reads, after
 * `expectedAfter(socket)`), and hands every expected record to `onRecord`.
 */
function check(collection: MergedCollection, events: BenchEvent[], readsOf: ReadsOf, expectedAfter: (socket: number) => number, onRecord: (socket: number, id: number, time: number) => void): Delivered {
  const queueOf = new Map(events.map((event) => [event.id, event.queue]));
  const last = new Map<number, number>();
  const counts = new Map<number, number>();
  let received = 0;
  let duplicates = 0;
  let unexpected = 0;
  collection.sockets.forEach((sockets, part) => {
    const partIds = collection.ids[part]!;
    const times = collection.times[part]!;
    for (let row = 0; row < sockets.length; row++) {
      const socket = sockets[row]!;
      const id = partIds[row]!;
      const reads = readsOf(socket);
      received++;
      if (!queueOf.has(id) || id <= expectedAfter(socket) || (reads !== null && queueOf.get(id) !== reads)) {
        unexpected++;
        continue;
      }
      if (id <= (last.get(socket) ?? -1)) {
        duplicates++;
        continue;
      }
      last.set(socket, id);
      counts.set(socket, (counts.get(socket) ?? 0) + 1);
      onRecord(socket, id, times[row]!);
    }
  });
  let expected = 0;
  let missing = 0;
  for (const socket of collection.lastSeen.keys()) {
    const after = expectedAfter(socket);
    const reads = readsOf(socket);
    const owed = events.filter((event) => event.id > after && (reads === null || event.queue === reads)).length;
    expected += owed;
    missing += owed - (counts.get(socket) ?? 0);
  }
  return { sockets: collection.lastSeen.size, expected, received, missing, duplicates, unexpected };
}

export interface LatencyResult {
  delivered: Delivered;
  /** Receive time − commit time of every delivery, ms, ascending. */
  latencies: Float64Array;
  /** Per change: its first delivery (the path through PostgreSQL and the tailer) and the spread to its last (the fan-out). */
  first: Float64Array;
  spread: Float64Array;
}

/** Commit-to-receipt latency of every delivery of `changes` to every main socket that may see it. */
export function latencyOf(collection: MergedCollection, changes: Change[], readsOf: ReadsOf): LatencyResult {
  const committed = new Map(changes.map((change) => [change.eventId, change.committedAt]));
  const earliest = new Map<number, number>();
  const latest = new Map<number, number>();
  const latencies: number[] = [];
  const before = Math.min(...changes.map((change) => change.eventId)) - 1;
  const delivered = check(
    collection,
    changes.map((change) => ({ id: change.eventId, queue: change.queue })),
    readsOf,
    () => before,
    (_socket, id, time) => {
      const latency = time - committed.get(id)!;
      latencies.push(latency);
      if (latency < (earliest.get(id) ?? Infinity)) earliest.set(id, latency);
      if (latency > (latest.get(id) ?? -Infinity)) latest.set(id, latency);
    },
  );
  return {
    delivered,
    latencies: sorted(latencies),
    first: sorted([...earliest.values()]),
    spread: sorted([...earliest].map(([id, first]) => latest.get(id)! - first)),
  };
}

export interface StormResult {
  delivered: Delivered;
  /** Per socket that missed something: from the reconnect command to the receipt of the newest event it may see, ms, ascending. */
  caughtUp: Float64Array;
  /** Sockets that had not received the newest event they may see. */
  behind: number;
}

/**
 * After the reconnect with `lastEventId`: did each socket receive exactly the events it may
 * see after the last one it had seen, up to the newest of `events`, in order and once; and
 * when did it have them.
 */
export function stormOf(collection: MergedCollection, lastSeenBefore: Map<number, number>, events: BenchEvent[], readsOf: ReadsOf, reconnectAt: number, queueCount: number): StormResult {
  const newest = newestPerQueue(events.map((event) => ({ eventId: event.id, queue: event.queue })), queueCount);
  const caughtUpAt = new Map<number, number>();
  const before = (socket: number) => lastSeenBefore.get(socket) ?? 0;
  const delivered = check(collection, events, readsOf, before, (socket, id, time) => {
    if (id === newestFor(readsOf(socket), newest)) caughtUpAt.set(socket, time - reconnectAt);
  });
  const owing = [...collection.lastSeen.keys()].filter((socket) => newestFor(readsOf(socket), newest) > before(socket));
  return { delivered, caughtUp: sorted([...caughtUpAt.values()]), behind: owing.filter((socket) => !caughtUpAt.has(socket)).length };
}

export function describeDelivered(delivered: Delivered): string {
  const { sockets, expected, received, missing, duplicates, unexpected } = delivered;
  return `${sockets} sockets: ${expected} deliveries expected, ${received} received, ${missing} missing, ${duplicates} duplicate or out of order, ${unexpected} unexpected`;
}

export function deliveredOk(delivered: Delivered): boolean {
  return delivered.missing === 0 && delivered.duplicates === 0 && delivered.unexpected === 0;
}
