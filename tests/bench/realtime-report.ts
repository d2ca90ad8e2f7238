import { loadavg } from "node:os";
import type { ChangeRun } from "./realtime-changes";
import type { MergedCollection } from "./realtime-client-pool";
import { describeDelivered, quantile, sorted, type LatencyResult, type StormResult } from "./realtime-measure";
import type { OpenResult, ProbeReport, WaitResult } from "./realtime-protocol";
import { formatTable } from "./stats";

export interface ReportRow {
  measurement: string;
  n: number;
  value: string;
  target: string;
  ok: boolean;
  /** The machine's load when the figure was taken (anyone's processes). */
  load: string;
}

export interface Report {
  rows: ReportRow[];
  details: string[];
  live?: { run: ChangeRun; latency: LatencyResult; live: MergedCollection; serverProbe: ProbeReport; shares: Record<string, number>; arrived: WaitResult };
  storm?: { storm: StormResult; reconnected: OpenResult; collected: MergedCollection; serverProbe: ProbeReport };
}

/** `uptime`'s load averages (1, 5, 15 minutes). */
export function loadNow(): string {
  return `load ${loadavg()
    .map((value) => value.toFixed(2))
    .join(" ")}`;
}

const KB = 1024;
const MB = KB * KB;
const MEMORY_TARGET_BYTES = 60 * KB;

export interface MemoryReading {
  rss: number;
  heapUsed: number;
  load: string;
}

/** RSS (and heap) growth over the idle server, per socket; the target is on RSS. */
export function memoryRow(measurement: string, sockets: number, idle: MemoryReading, now: MemoryReading): ReportRow {
  const perSocket = (now.rss - idle.rss) / sockets;
  const heapPerSocket = (now.heapUsed - idle.heapUsed) / sockets;
  return {
    measurement,
    n: sockets,
    value: `RSS ${(now.rss / MB).toFixed(0)} MB (idle ${(idle.rss / MB).toFixed(0)}): ${(perSocket / KB).toFixed(1)} KB/socket; heap ${(now.heapUsed / MB).toFixed(0)} MB (idle ${(idle.heapUsed / MB).toFixed(0)}): ${(heapPerSocket / KB).toFixed(1)} KB/socket`,
    target: "≤ 60 KB/socket",
    ok: perSocket <= MEMORY_TARGET_BYTES,
    load: now.load,
  };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const percentiles = (ascending: Float64Array) => `p50 ${ms(quantile(ascending, 0.5))}, p90 ${ms(quantile(ascending, 0.9))}, p99 ${ms(quantile(ascending, 0.99))}, max ${ms(quantile(ascending, 1))}`;

/** The server's own view of a phase (its probe): event-loop delay and utilisation, CPU. */
function serverLine(probe: ProbeReport): string {
  const { loopDelay, loopUtilisation, cpuMs, wallMs } = probe;
  return `server process: event-loop delay p50 ${ms(loopDelay.p50)}, p99 ${ms(loopDelay.p99)}, max ${ms(loopDelay.max)}; event loop busy ${(loopUtilisation * 100).toFixed(0)} %; CPU ${(cpuMs / wallMs).toFixed(2)} cores (all its threads) over ${(wallMs / 1000).toFixed(1)} s`;
}

function liveDetails(live: NonNullable<Report["live"]>): string[] {
  const { run, latency, serverProbe, shares, arrived } = live;
  const durations = sorted(run.changes.map((change) => change.ms));
  const lines = [
    `latency, all deliveries: ${percentiles(latency.latencies)}`,
    `  first delivery of each change (PostgreSQL NOTIFY → tailer read → first socket): ${percentiles(latency.first)}`,
    `  spread from first to last socket of each change (fan-out and client receipt): ${percentiles(latency.spread)}`,
    `  ${describeDelivered(latency.delivered)}; ${arrived.reached}/${arrived.of} sockets had the newest event in the end; unplanned disconnects ${live.live.dropped}`,
    `driver: ${run.changes.length} changes, ${run.errors.length} failed${run.errors.length ? ` (${run.errors.slice(0, 3).join("; ")})` : ""}; domain call ${percentiles(durations)}; start behind schedule at most ${ms(run.maxLagMs)}`,
    serverLine(serverProbe),
  ];
  live.live.loopDelays.forEach((delay, index) =>
    lines.push(`load process ${index + 1}: event-loop delay p50 ${ms(delay.p50)}, p99 ${ms(delay.p99)}, max ${ms(delay.max)}; event loop busy ${(delay.utilisation * 100).toFixed(0)} %`),
  );
  lines.push(
    `CPU during the run, in cores: ${Object.entries(shares)
      .map(([name, share]) => `${name} ${share.toFixed(2)}`)
      .join(", ")}`,
  );
  return lines;
}

function stormDetails(storm: NonNullable<Report["storm"]>): string[] {
  const caughtUp = storm.storm.caughtUp;
  return [
    `storm: ${storm.reconnected.connected} reconnected (${storm.reconnected.failed} failed${storm.reconnected.errors.length ? `: ${storm.reconnected.errors.join("; ")}` : ""}), the median after ${ms(storm.reconnected.medianMs)}, the last after ${ms(storm.reconnected.ms)}`,
    `  caught up (newest event received) per socket: ${percentiles(caughtUp)}; ${storm.storm.behind} sockets never did`,
    `  ${describeDelivered(storm.storm.delivered)}; resync ${storm.collected.resyncs}`,
    `  ${serverLine(storm.serverProbe)}`,
    ...storm.collected.loopDelays.map((delay, index) => `  load process ${index + 1}: event-loop delay p99 ${ms(delay.p99)}, max ${ms(delay.max)}; busy ${(delay.utilisation * 100).toFixed(0)} %`),
  ];
}

export function formatReport(report: Report): string {
  const table = formatTable(
    ["measurement", "n", "value", "target", "result", "machine load"],
    report.rows.map((row) => [row.measurement, String(row.n), row.value, row.target, row.ok ? "ok" : "MISSED", row.load]),
  );
  const details = [...report.details, ...(report.live ? liveDetails(report.live) : []), ...(report.storm ? stormDetails(report.storm) : [])];
  return `\n${table}\n\n${details.join("\n")}`;
}
