/**
 * What the server process and PostgreSQL did during a phase of the mail bench, read from
 * outside: the process's memory (VmRSS sampled, VmHWM — its worker threads included, they
 * share the process), the CPU of each of its threads (/proc/<pid>/task/<tid>/stat), and the
 * states of the bench database's PostgreSQL backends (pg_stat_activity) with their CPU.
 */
import { readdirSync, readFileSync } from "node:fs";
import type postgres from "postgres";
import { defaultMailWorkerCount } from "../../server/mail/inbound/mail-worker-pool";

const CLOCK_TICKS_PER_SECOND = 100;
const MB = 1024 * 1024;

function statusKb(pid: number, field: "VmRSS" | "VmHWM"): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB$`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Samples VmRSS every `intervalMs` until `stop()`, which gives the peak and VmHWM (the process's peak since its start). */
export function sampleMemory(pid: number, intervalMs = 20): { stop: () => { peakRss: number; hwm: number } } {
  let peakRss = statusKb(pid, "VmRSS");
  const timer = setInterval(() => (peakRss = Math.max(peakRss, statusKb(pid, "VmRSS"))), intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return { peakRss: Math.max(peakRss, statusKb(pid, "VmRSS")), hwm: statusKb(pid, "VmHWM") };
    },
  };
}

/** CPU seconds as milliseconds per message (or per whatever `messages` counts). */
const perMessage = (cpuSeconds: number, messages: number) => `${((cpuSeconds * 1000) / messages).toFixed(1)} ms each`;

export const megabytes = (bytes: number) => `${(bytes / MB).toFixed(0)} MB`;

interface ThreadStat {
  cpu: number;
  /** Clock ticks after boot at which it started. */
  start: number;
}

/** CPU seconds and start time of a thread or process, from a /proc stat file. */
export function readStat(file: string): ThreadStat | null {
  try {
    const stat = readFileSync(file, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { cpu: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND, start: Number(fields[19]) };
  } catch {
    return null;
  }
}

export function threads(pid: number): Map<number, ThreadStat> {
  const found = new Map<number, ThreadStat>();
  let tids: string[] = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return found;
  }
  for (const tid of tids) {
    const stat = readStat(`/proc/${pid}/task/${tid}/stat`);
    if (stat) found.set(Number(tid), stat);
  }
  return found;
}

/**
 * What a thread of the server process is. Node 20 names none of them (all `node`), so by when
 * they started and in which order (thread ids are handed out in order): the main thread (event
 * loop: realtime sidecar); V8's and libuv's pools, started with the process; then, once the
 * sidecar is up, the `poolSize` mail workers (MailWorkerPool), right after them the outbox
 * thread, then the SMTP worker; any later thread (each worker's module loader, say) by its start.
 */
export function labels(pid: number, all: Map<number, ThreadStat>, poolSize = defaultMailWorkerCount()): Map<number, string> {
  const processStart = all.get(pid)?.start ?? 0;
  const after = (stat: ThreadStat) => (stat.start - processStart) / CLOCK_TICKS_PER_SECOND;
  const names = new Map<number, string>();
  const late: number[] = [];
  for (const [tid, stat] of all) {
    if (tid === pid) names.set(tid, "main thread");
    else if (after(stat) < 0.4) names.set(tid, "V8/libuv pool");
    else late.push(tid);
  }
  late.sort((a, b) => a - b);
  const named = [...Array<string>(poolSize).fill("mail worker"), "outbox thread", "SMTP worker"];
  late.forEach((tid, index) => names.set(tid, named[index] ?? `thread +${after(all.get(tid)!).toFixed(1)} s`));
  return names;
}

/**
 * CPU of the server process per thread over a phase, as shares of one core, busiest first
 * (threads of one label summed, with their count).
 */
export function sampleThreads(pid: number, poolSize = defaultMailWorkerCount()): { stop: (messages: number) => string } {
  const before = threads(pid);
  const started = performance.now();
  return {
    stop(messages) {
      const seconds = (performance.now() - started) / 1000;
      const now = threads(pid);
      const names = labels(pid, now, poolSize);
      const byName = new Map<string, { cpu: number; count: number }>();
      for (const [tid, stat] of now) {
        const name = names.get(tid)!;
        const entry = byName.get(name) ?? { cpu: 0, count: 0 };
        entry.cpu += stat.cpu - (before.get(tid)?.cpu ?? 0);
        entry.count++;
        byName.set(name, entry);
      }
      const total = [...byName.values()].reduce((sum, entry) => sum + entry.cpu, 0);
      const parts = [...byName]
        .filter(([, entry]) => entry.cpu / seconds >= 0.01)
        .sort((a, b) => b[1].cpu - a[1].cpu)
        .map(([name, entry]) => `${name}${entry.count > 1 ? ` ×${entry.count}` : ""} ${Math.round((entry.cpu / seconds) * 100)} % (${perMessage(entry.cpu, messages)})`);
      return `server process ${Math.round((total / seconds) * 100)} % of a core (${perMessage(total, messages)}): ${parts.join(", ")}`;
    },
  };
}

/**
 * Samples the bench database's backends every `intervalMs`: per application (the server's
 * main pool `helpdesk`, the mail workers' `helpdesk-mail-worker`), how much of the time they
 * were in a statement or transaction and, of that, the share running, waiting on what, or
 * waiting for the app (idle in transaction, ClientRead) — and their CPU over the phase.
 */
export function sampleBackends(sql: postgres.Sql, database: string, intervalMs = 50): { stop: (messages: number) => Promise<string> } {
  const counts = new Map<string, Map<string, number>>();
  const cpuBefore = new Map<number, number>();
  const apps = new Map<number, string>();
  let running = true;
  const loop = (async () => {
    while (running) {
      // The pool closes under a run that is interrupted: stop sampling then.
      const rows = await sql<{ pid: number; app: string; what: string }[]>`
        select pid, application_name as app, case
          when state = 'idle' then 'idle'
          when state = 'idle in transaction' or wait_event = 'ClientRead' then 'waiting for the app'
          when wait_event_type is null then 'running'
          else wait_event_type || ':' || wait_event end as what
        from pg_stat_activity where datname = ${database} and application_name like 'helpdesk%' and application_name <> 'helpdesk-bench' and pid <> pg_backend_pid()`.catch(() => null);
      if (!rows) break;
      for (const row of rows) {
        if (!apps.has(row.pid)) {
          apps.set(row.pid, row.app);
          cpuBefore.set(row.pid, readStat(`/proc/${row.pid}/stat`)?.cpu ?? 0);
        }
        const states = counts.get(row.app) ?? new Map<string, number>();
        states.set(row.what, (states.get(row.what) ?? 0) + 1);
        counts.set(row.app, states);
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  const started = performance.now();
  return {
    async stop(messages) {
      running = false;
      await loop;
      const seconds = (performance.now() - started) / 1000;
      const cpuOf = new Map<string, number>();
      for (const [pid, app] of apps) cpuOf.set(app, (cpuOf.get(app) ?? 0) + (readStat(`/proc/${pid}/stat`)?.cpu ?? cpuBefore.get(pid)!) - cpuBefore.get(pid)!);
      return [...counts]
        .map(([app, states]) => {
          const all = [...states.values()].reduce((sum, value) => sum + value, 0);
          const total = all - (states.get("idle") ?? 0);
          const shares = [...states]
            .filter(([what]) => what !== "idle")
            .sort((a, b) => b[1] - a[1])
            .slice(0, 6)
            .map(([what, value]) => `${what} ${Math.round((value / total) * 100)} %`);
          const connections = [...apps.values()].filter((name) => name === app).length;
          return `${app} backends (${connections}): CPU ${Math.round(((cpuOf.get(app) ?? 0) / seconds) * 100)} % of a core (${perMessage(cpuOf.get(app) ?? 0, messages)}); in a statement or transaction ${Math.round((total / all) * 100)} % of the time, of which ${shares.join(", ") || "–"}`;
        })
        .join("\n  ");
    },
  };
}
