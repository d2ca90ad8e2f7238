/** What the phases of the mail bench (mail.ts, mail-large.ts) share: options, handles, the table they fill. */
import { loadavg } from "node:os";
import type postgres from "postgres";
import type { CommitWatcher } from "./mail-commits";
import type { MailFixtures } from "./mail-setup";
import { machineBusy, percentile } from "./stats";

export interface MailOptions {
  messages: number;
  attachmentMessages: number;
  large: number;
  senders: number;
  warmup: number;
  connectionPerMessage: boolean;
}

export interface TableRow {
  measurement: string;
  n: number;
  value: string;
  target: string;
  ok: boolean;
  /** The machine's load while the figure was taken (anyone's processes). */
  load: string;
}

export interface MailContext {
  options: MailOptions;
  fixtures: MailFixtures;
  watcher: CommitWatcher;
  serverPid: number;
  smtpPort: number;
  realtimeUrl: string;
  database: string;
  sql: postgres.Sql;
  rows: TableRow[];
  /** Where the time went, phase by phase, printed after the table. */
  details: string[];
}

export const log = (line: string) => console.log(`[bench] ${line}`);
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const ms = (value: number) => (Number.isNaN(value) ? "–" : value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`);
export const latencies = (samples: number[]) => `p50 ${ms(percentile(samples, 0.5))}, p99 ${ms(percentile(samples, 0.99))}, max ${ms(percentile(samples, 1))}`;

/** The machine's load averages now and how busy its cores were since `busy` was taken. */
export function loadOf(busy: ReturnType<typeof machineBusy>): string {
  const machine = busy();
  return `load ${loadavg()
    .map((value) => value.toFixed(1))
    .join(" ")}; ${machine.cores.toFixed(1)}/${machine.of} cores busy`;
}

/** The server's PostgreSQL backends: its main pool (`helpdesk`), the sidecar's LISTEN, the mail workers'. */
export async function serverBackends(context: MailContext): Promise<number[]> {
  const rows = await context.sql<{ pid: number }[]>`
    select pid from pg_stat_activity where datname = ${context.database} and application_name like 'helpdesk%' and application_name <> 'helpdesk-bench'`;
  return rows.map((row) => row.pid);
}
