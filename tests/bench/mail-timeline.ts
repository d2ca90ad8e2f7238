/**
 * A CPU timeline of the server process's threads, its PostgreSQL backends and the whole
 * machine, read every 10 ms while a 25 MB message goes through: afterwards, what was running
 * during any window — e.g. while the sidecar took long to answer a ping. A main thread busy
 * through the window means work on the event loop (JavaScript or GC); a main thread idle while
 * others ran means it was waiting for a core.
 */
import { readFileSync } from "node:fs";
import { cpus } from "node:os";
import { labels, readStat, threads } from "./mail-profile";

interface Snapshot {
  /** Epoch ms. */
  at: number;
  /** CPU seconds so far per label: thread labels, `postgres backends`, `machine busy`. */
  cpu: Map<string, number>;
}

const epoch = () => performance.timeOrigin + performance.now();
const TICKS_PER_SECOND = 100;

/** Busy CPU seconds of the whole machine so far (all cores), from /proc/stat. */
function machineBusySeconds(): number {
  const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((sum, value) => sum + value, 0);
  return (total - (fields[3] ?? 0) - (fields[4] ?? 0)) / TICKS_PER_SECOND;
}

export class CpuTimeline {
  private readonly snapshots: Snapshot[] = [];
  private readonly timer: NodeJS.Timeout;

  /** `backendPids`: the server's PostgreSQL backends (pg_stat_activity of the bench database). */
  constructor(
    private readonly pid: number,
    private readonly backendPids: () => number[],
    intervalMs = 10,
  ) {
    this.take();
    this.timer = setInterval(() => this.take(), intervalMs);
  }

  private take(): void {
    const all = threads(this.pid);
    const names = labels(this.pid, all);
    const cpu = new Map<string, number>();
    for (const [tid, stat] of all) cpu.set(names.get(tid)!, (cpu.get(names.get(tid)!) ?? 0) + stat.cpu);
    let backends = 0;
    for (const pid of this.backendPids()) backends += readStat(`/proc/${pid}/stat`)?.cpu ?? 0;
    cpu.set("postgres backends", backends);
    cpu.set("machine busy", machineBusySeconds());
    this.snapshots.push({ at: epoch(), cpu });
  }

  stop(): void {
    clearInterval(this.timer);
    this.take();
  }

  /** Shares of one core each label used between `from` and `to` (epoch ms), busiest first; the machine's as cores of all. */
  during(from: number, to: number): string {
    const first = [...this.snapshots].reverse().find((snapshot) => snapshot.at <= from) ?? this.snapshots[0]!;
    const last = this.snapshots.find((snapshot) => snapshot.at >= to) ?? this.snapshots.at(-1)!;
    const seconds = (last.at - first.at) / 1000;
    if (seconds <= 0) return "no samples";
    const shares = [...last.cpu]
      .filter(([name]) => name !== "machine busy")
      .map(([name, value]) => [name, (value - (first.cpu.get(name) ?? 0)) / seconds] as const)
      .filter(([, share]) => share >= 0.05)
      .sort((a, b) => b[1] - a[1])
      .map(([name, share]) => `${name} ${Math.round(share * 100)} %`);
    const machine = ((last.cpu.get("machine busy") ?? 0) - (first.cpu.get("machine busy") ?? 0)) / seconds;
    return `${Math.round(seconds * 1000)} ms: ${shares.join(", ") || "nothing"}; machine ${machine.toFixed(1)}/${cpus().length} cores busy`;
  }
}
