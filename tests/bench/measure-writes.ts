import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import type { HttpClient, HttpResult } from "./http";
import { sampleWaits } from "./pg-waits";
import type { BenchAgent, BenchQueue } from "./seed-fixtures";
import { formatMs, machineBusy, percentile, processTree, sampleCpu, since, type Row } from "./stats";

const LOCK_ROUNDS = 20;
const THROUGHPUT_SECONDS = 20;
const WARM_UP_SECONDS = 10;
const THROUGHPUT_CLIENTS = 8;
const TICKETS_PER_CLIENT = 25;
const REPLY_BODY =
  "Hello,\n\nthank you for your message. We have checked the account and reset the password; please sign in again " +
  "and let us know if the printer still shows the same error after the update. The invoice was sent again today.\n\nKind regards";

/** Tickets of the lock rounds (one warm-up round first), then those of the throughput clients. */
export const LOCK_TICKETS = LOCK_ROUNDS + 1;
export const TICKETS_NEEDED = LOCK_TICKETS + THROUGHPUT_CLIENTS * TICKETS_PER_CLIENT;

export interface WriteContext {
  client: HttpClient;
  db: Database;
  /** bench1…bench50. */
  agents: BenchAgent[];
  serverPid: number;
  databaseName: string;
}

/** Open, unlocked tickets of the bench queues, newest first: each measurement writes to tickets of its own. */
export async function openTickets(db: Database, queues: BenchQueue[], count: number): Promise<string[]> {
  const ids = `{${queues.map((queue) => queue.id).join(",")}}`;
  const rows = await db.execute<{ number: string }>(sql`
    select number from tickets
    where state_type in ('new', 'open') and lock = 'unlocked' and queue_id = any(${ids}::int[])
    order by id desc limit ${count}`);
  if (rows.length < count) throw new Error(`only ${rows.length} open unlocked tickets, ${count} needed`);
  return rows.map((row) => row.number);
}

export interface LockResult {
  row: Row;
  /** Rounds that did not end with exactly one 200 and 49 × 409, described. */
  failures: string[];
  /** What the app's PostgreSQL backends were doing during the rounds. */
  waits: string;
}

/** All agents lock the same ticket at once, for LOCK_ROUNDS rounds after one warm-up round. */
export async function measureLockContention(context: WriteContext, numbers: string[]): Promise<LockResult> {
  const samples: number[] = [];
  const failures: string[] = [];
  let waits: { stop: () => Promise<string> } | null = null;
  for (let round = 0; round <= LOCK_ROUNDS; round++) {
    const number = numbers[round]!;
    if (round === 1) waits = sampleWaits(context.db, context.databaseName);
    const results = await Promise.all(context.agents.map((agent) => context.client.request("POST", `/api/v1/tickets/${number}/lock`, agent.token)));
    if (round === 0) continue;
    samples.push(...results.map((result) => result.ms));
    const ok = results.filter((result) => result.status === 200).length;
    const conflicts = results.filter((result) => result.status === 409).length;
    if (ok !== 1 || conflicts !== context.agents.length - 1) {
      const other = results.find((result) => result.status !== 200 && result.status !== 409);
      failures.push(`round ${round} (ticket ${number}): ${ok} × 200, ${conflicts} × 409${other ? `, HTTP ${other.status}: ${other.body.slice(0, 120)}` : ""}`);
    }
  }
  const contenders = context.agents.length;
  const row: Row = {
    measurement: `lock, ${contenders} contenders, HTTP`,
    n: samples.length,
    samples,
    target: `p99 ≤ 100 ms; 1×200 + ${contenders - 1}×409`,
    ok: percentile(samples, 0.99) <= 100 && failures.length === 0,
    note: `${LOCK_ROUNDS - failures.length}/${LOCK_ROUNDS} rounds exactly one winner`,
  };
  return { row, failures, waits: (await waits?.stop()) ?? "" };
}

export interface ThroughputResult {
  row: Row;
  /** Latency per operation, the errors seen and the CPU use during the run. */
  detail: string[];
}

type Operation = "lock" | "reply" | "unlock";

/**
 * 8 clients (bench1…bench8), each over its own open tickets: lock, reply, unlock, each as soon
 * as the last answered, until `seconds` have passed; every answer goes to `record`. Returns the
 * seconds it took.
 */
async function runCycles(context: WriteContext, numbers: string[], seconds: number, record: (operation: Operation, result: HttpResult) => void): Promise<number> {
  const clients = context.agents.slice(0, THROUGHPUT_CLIENTS);
  const call = async (agent: BenchAgent, operation: Operation, number: string) => {
    const path = operation === "reply" ? `/api/v1/tickets/${number}/articles` : `/api/v1/tickets/${number}/${operation}`;
    record(operation, await context.client.request("POST", path, agent.token, operation === "reply" ? { kind: "reply", body: REPLY_BODY } : undefined));
  };
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    clients.map(async (agent, index) => {
      const tickets = numbers.slice(index * TICKETS_PER_CLIENT, (index + 1) * TICKETS_PER_CLIENT);
      for (let turn = 0; performance.now() < deadline; turn++) {
        const number = tickets[turn % tickets.length]!;
        await call(agent, "lock", number);
        await call(agent, "reply", number);
        await call(agent, "unlock", number);
      }
    }),
  );
  return since(started) / 1000;
}

/**
 * The write paths as the throughput measurement runs them, for WARM_UP_SECONDS, not counted.
 * A `next start` just started answers them about 1.7 times slower for its first ~10 s, until
 * V8 has optimised the code they run (measured Dec 5: 3.6 ms of Node CPU per request cold,
 * 2.1 ms warm): without this the lock race and the first half of the throughput run measured
 * the JIT, not the helpdesk. Returns the rate seen, reported beside the sustained one.
 */
export async function warmUpWrites(context: WriteContext, numbers: string[]): Promise<string> {
  let successes = 0;
  let failure: string | null = null;
  const seconds = await runCycles(context, numbers, WARM_UP_SECONDS, (operation, result) => {
    if (result.status < 300) successes++;
    else failure ??= `warm-up ${operation}: HTTP ${result.status}: ${result.body.slice(0, 200)}`;
  });
  if (failure) throw new Error(failure);
  return `${Math.round(successes / seconds)} req/s over the first ${WARM_UP_SECONDS} s of writes after the start (not counted)`;
}

/** Sustained throughput: the cycles of `runCycles` for THROUGHPUT_SECONDS, on a warmed-up server. Counts the 2xx answers per second. */
export async function measureThroughput(context: WriteContext, numbers: string[]): Promise<ThroughputResult> {
  const latencies: Record<Operation, number[]> = { lock: [], reply: [], unlock: [] };
  const errors: HttpResult[] = [];
  let successes = 0;

  const backends = await context.db.execute<{ pid: number }>(sql`select pid from pg_stat_activity where datname = ${context.databaseName} and application_name = 'helpdesk'`);
  const cpu = sampleCpu({ next: () => processTree(context.serverPid), postgres: () => backends.map((row) => row.pid), client: () => [process.pid] });
  const machine = machineBusy();
  const waits = sampleWaits(context.db, context.databaseName);
  const seconds = await runCycles(context, numbers, THROUGHPUT_SECONDS, (operation, result) => {
    latencies[operation].push(result.ms);
    if (result.status >= 200 && result.status < 300) successes++;
    else errors.push(result);
  });
  const shares = cpu.stop();
  const busy = machine();
  const waited = await waits.stop();

  const rate = successes / seconds;
  const samples = [...latencies.lock, ...latencies.reply, ...latencies.unlock];
  const row: Row = {
    measurement: `lock/reply/unlock, ${THROUGHPUT_CLIENTS} clients, ${THROUGHPUT_SECONDS} s, HTTP`,
    n: samples.length,
    samples,
    target: "≥ 400 successful req/s",
    ok: rate >= 400 && errors.length === 0,
    note: `${Math.round(rate)} req/s${errors.length > 0 ? `, ${errors.length} errors` : ""}`,
  };
  const share = (value: number | undefined) => `${Math.round((value ?? 0) * 100)} %`;
  const detail = [
    ...(["lock", "reply", "unlock"] as const).map(
      (operation) =>
        `  ${operation}: n=${latencies[operation].length} p50 ${formatMs(percentile(latencies[operation], 0.5))} p95 ${formatMs(percentile(latencies[operation], 0.95))} p99 ${formatMs(percentile(latencies[operation], 0.99))}`,
    ),
    `  CPU over the run (100 % = one core): next start ${share(shares.next)}, its PostgreSQL backends ${share(shares.postgres)}, bench client ${share(shares.client)}; ` +
      `whole machine ${busy.cores.toFixed(2)} of ${busy.of} cores busy`,
    `  the app's busy PostgreSQL backends, sampled every 50 ms: ${waited}`,
    ...(errors.length > 0 ? [`  errors: ${errors.length}, first HTTP ${errors[0]!.status}: ${errors[0]!.body.slice(0, 200)}`] : []),
  ];
  return { row, detail };
}
