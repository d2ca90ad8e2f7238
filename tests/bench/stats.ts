import { readdirSync, readFileSync } from "node:fs";
import { cpus } from "node:os";

/** The value at quantile `q` (0–1) of `samples`, by the nearest-rank method; NaN for no samples. */
export function percentile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1]!;
}

export interface Row {
  measurement: string;
  n: number;
  /** Latencies in milliseconds; empty when the row is about something else (a rate). */
  samples: number[];
  target: string;
  ok: boolean;
  /** Shown after ok/MISSED: the figure judged, when it is not a percentile of the row. */
  note?: string;
}

const ms = (value: number) => (Number.isNaN(value) ? "–" : value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`);

/** A plain-text table with a header rule, columns padded to their widest cell. */
export function formatTable(header: string[], body: string[][]): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...body.map((row) => (row[column] ?? "").length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join(" | ").trimEnd();
  return [line(header), widths.map((width) => "-".repeat(width)).join("-|-"), ...body.map(line)].join("\n");
}

export function formatResults(rows: Row[]): string {
  return formatTable(
    ["measurement", "n", "p50", "p95", "p99", "target", "result"],
    rows.map((row) => [
      row.measurement,
      String(row.n),
      ms(percentile(row.samples, 0.5)),
      ms(percentile(row.samples, 0.95)),
      ms(percentile(row.samples, 0.99)),
      row.target,
      `${row.ok ? "ok" : "MISSED"}${row.note ? ` (${row.note})` : ""}`,
    ]),
  );
}

export { ms as formatMs };

/** Milliseconds since `start` (a `performance.now()` reading). */
export function since(start: number): number {
  return performance.now() - start;
}

const CLOCK_TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far, or 0 when it is gone. */
function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name, field 2, may hold spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** `root` and every process below it. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  const tree: number[] = [];
  const visit = (pid: number) => {
    tree.push(pid);
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(root);
  return tree;
}

/** CPU use of groups of processes over an interval: `stop()` gives each group's share of one core (1 = 100%). */
export function sampleCpu(groups: Record<string, () => number[]>): { stop: () => Record<string, number> } {
  const started = performance.now();
  const before = new Map<number, number>();
  for (const pids of Object.values(groups)) for (const pid of pids()) before.set(pid, cpuSecondsOf(pid));
  return {
    stop() {
      const seconds = since(started) / 1000;
      const shares: Record<string, number> = {};
      for (const [name, pids] of Object.entries(groups)) {
        let used = 0;
        for (const pid of pids()) used += cpuSecondsOf(pid) - (before.get(pid) ?? 0);
        shares[name] = used / seconds;
      }
      return shares;
    },
  };
}

/** Busy cores of the whole machine (every process, anyone's) over an interval, from /proc/stat. */
export function machineBusy(): () => { cores: number; of: number } {
  const read = () => {
    const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
    return { total: fields.reduce((sum, value) => sum + value, 0), idle: (fields[3] ?? 0) + (fields[4] ?? 0) };
  };
  const before = read();
  const of = cpus().length;
  return () => {
    const after = read();
    const total = after.total - before.total;
    return { cores: total === 0 ? 0 : ((total - (after.idle - before.idle)) / total) * of, of };
  };
}
