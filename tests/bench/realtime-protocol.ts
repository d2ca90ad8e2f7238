/**
 * What the realtime bench's driver and its load processes (realtime-clients.ts) say to each
 * other over the child-process IPC channel (advanced serialization: typed arrays pass as they are).
 */

/** The first sockets (one per agent, measured) or the further ones opened for the memory figure. */
export type SocketSet = "main" | "extra";

export type ClientCommand =
  /**
   * Opens one socket per token, global indexes from `firstIndex`, `reads[i]` the queue index
   * token i's agent reads (null: every queue); answers once each connected or failed.
   */
  | { type: "open"; set: SocketSet; url: string; tokens: string[]; reads: (number | null)[]; firstIndex: number; timeoutMs: number }
  /** Closes every socket of the set (client side); they stay known for `reconnect`. */
  | { type: "close"; set: SocketSet }
  /** Connects the closed sockets of the set again, all at once, each with `lastEventId` = the last id it saw. */
  | { type: "reconnect"; set: SocketSet }
  /** Starts a new phase: forgets the recorded events and restarts the event-loop-delay histogram. */
  | { type: "phase" }
  /** Answers once every socket of the set has seen the newest event of what it reads (`newest` by queue index), or at the timeout. */
  | { type: "waitFor"; set: SocketSet; newest: number[]; timeoutMs: number }
  /** The events recorded since the phase began, and the phase's own figures. */
  | { type: "collect" };

export interface OpenResult {
  connected: number;
  failed: number;
  /** The first few distinct `connect_error` messages. */
  errors: string[];
  /** Until the last socket had connected or failed. */
  ms: number;
  /** The median socket's time to connect. */
  medianMs: number;
}

export interface WaitResult {
  reached: number;
  of: number;
}

export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
  /** Event-loop utilisation over the phase, 0–1. */
  utilisation: number;
}

export interface Collected {
  /** One entry per received event: the socket's global index, the event id, the receive time (epoch ms, sub-ms). */
  sockets: Int32Array;
  ids: Float64Array;
  times: Float64Array;
  /** Global index of the first main socket, and the last event id each main socket has seen. */
  firstIndex: number;
  lastSeen: Float64Array;
  loopDelay: LoopDelay;
  resyncs: number;
  /** Disconnects the bench did not ask for. */
  dropped: number;
}

export interface ClientResults {
  open: OpenResult;
  close: { closed: number };
  reconnect: OpenResult;
  phase: Record<string, never>;
  waitFor: WaitResult;
  collect: Collected;
}

export type Request = ClientCommand & { requestId: number };

export type Response = { requestId: number; ok: true; result: ClientResults[ClientCommand["type"]] } | { requestId: number; ok: false; error: string };

/** The newest event a socket reading `reads` (a queue index, null: every queue) should have, given the newest of each queue. */
export function newestFor(reads: number | null, newest: number[]): number {
  return reads === null ? Math.max(0, ...newest) : (newest[reads] ?? 0);
}

/** Now, as epoch milliseconds with sub-millisecond precision: comparable across processes on one machine. */
export function wallClock(): number {
  return performance.timeOrigin + performance.now();
}

/** The sampling interval of every `monitorEventLoopDelay` here. */
export const LOOP_DELAY_RESOLUTION_MS = 10;

/** A `monitorEventLoopDelay` reading (ns) as delay in ms: the histogram records the whole timer interval, resolution included. */
export function loopDelayMs(nanoseconds: number): number {
  return Math.max(0, nanoseconds / 1e6 - LOOP_DELAY_RESOLUTION_MS);
}

/** How the server process's probe (realtime-probe.ts) marks its report lines on stdout. */
export const PROBE_PREFIX = "@@realtime-probe ";

export interface ProbeMemory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

export interface ProbeReport {
  /** Since the previous report (or the start). */
  wallMs: number;
  cpuMs: number;
  loopDelay: { p50: number; p99: number; max: number; mean: number };
  loopUtilisation: number;
  before: ProbeMemory;
  /** After a full garbage collection. */
  afterGc: ProbeMemory;
}
