/**
 * `npm run bench -- realtime [options]`: the realtime sidecar under 1,000 agents' sockets.
 * Seeds a bench database (20 queues; 1,000 agents, each reading one of them — or with
 * `--readers all` every one —, one token each), runs
 * the real server process (server/main.ts) and load processes of Socket.IO clients
 * (realtime-clients.ts), and measures the commit-to-receipt latency of ticket changes, the
 * server's memory per socket and a reconnect storm. Prints a table; exits 1 when a target
 * is missed. See README.md "Performance".
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { connect } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { seedDatabase } from "../../db/seed";
import { benchDatabaseName, Cleanup, createDatabase, databaseUrl, DEFAULT_SERVER_URL, dropDatabase } from "./bench-database";
import { ChangeDriver, newestPerQueue } from "./realtime-changes";
import { ClientPool } from "./realtime-client-pool";
import { deliveredOk, latencyOf, quantile, stormOf } from "./realtime-measure";
import { wallClock } from "./realtime-protocol";
import { formatReport, loadNow, memoryRow, type Report, type ReportRow } from "./realtime-report";
import { startServerProcess } from "./realtime-server";
import { createRealtimeFixtures, REALTIME_QUEUES, type Readership } from "./realtime-setup";
import type { ClientKind } from "./realtime-sockets";
import { machineBusy, sampleCpu } from "./stats";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

interface Options {
  sockets: number;
  extra: number;
  rate: number;
  seconds: number;
  stormChanges: number;
  loadProcesses: number;
  /** The idle server's memory is read no earlier than this after its start. */
  idleSeconds: number;
  client: ClientKind;
  readership: Readership;
  cpuProfileDir: string | null;
}

const USAGE = "usage: npm run bench -- realtime [--sockets 1000] [--extra 4000] [--rate 50] [--seconds 20] [--storm-changes 100] [--load-processes 2] [--idle-seconds 150] [--client socket.io|light] [--readers spread|all] [--cpu-prof <dir>]";

function parseOptions(args: string[]): Options {
  const options: Options = { sockets: 1_000, extra: 4_000, rate: 50, seconds: 20, stormChanges: 100, loadProcesses: 2, idleSeconds: 150, client: "socket.io", readership: "spread", cpuProfileDir: null };
  const numeric: Record<string, keyof Omit<Options, "cpuProfileDir" | "client" | "readership">> = {
    "--sockets": "sockets",
    "--extra": "extra",
    "--rate": "rate",
    "--seconds": "seconds",
    "--storm-changes": "stormChanges",
    "--load-processes": "loadProcesses",
    "--idle-seconds": "idleSeconds",
  };
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    const key = numeric[arg];
    if (key && /^\d+$/.test(args[index + 1] ?? "")) options[key] = Number(args[++index]);
    else if (arg === "--cpu-prof" && args[index + 1]) options.cpuProfileDir = path.resolve(args[++index]!);
    else if (arg === "--client" && (args[index + 1] === "socket.io" || args[index + 1] === "light")) options.client = args[++index] as ClientKind;
    else if (arg === "--readers" && (args[index + 1] === "spread" || args[index + 1] === "all")) options.readership = args[++index] as Readership;
    else throw new Error(`unknown option ${arg}\n${USAGE}`);
  }
  if (options.sockets < 1 || options.rate < 1 || options.seconds < 1 || options.stormChanges < 1 || options.loadProcesses < 1) throw new Error(`every figure must be at least 1\n${USAGE}`);
  return options;
}

const log = (line: string) => console.log(`[bench] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Time for the server to finish what the last step started (handshakes, room joins, garbage) before its memory is read. */
const SETTLE_MS = 5_000;
const STABLE_READINGS = 4;
const IDLE_STABLE_READINGS = 6;
const SETTLE_LIMIT_MS = 240_000;
const MB = 1024 * 1024;

export async function runRealtimeBench(args: string[]): Promise<number> {
  const options = parseOptions(args);
  const serverUrl = process.env.DATABASE_URL || DEFAULT_SERVER_URL;
  const cleanup = new Cleanup();
  try {
    const name = benchDatabaseName();
    const url = databaseUrl(serverUrl, name);
    await createDatabase(serverUrl, name);
    log(`created database ${name}`);
    cleanup.add(`drop database ${name}`, async () => dropDatabase(serverUrl, name));
    await migrateDatabase(url);
    const db = connect(url, { max: 8, applicationName: "helpdesk-bench" });
    cleanup.add("close the database pool", () => db.$client.end({ timeout: 5 }));
    await seedDatabase(db, { adminPassword: randomBytes(12).toString("base64url"), rawAddress: "raw@bench.example" });

    const dataDir = await mkdtemp(path.join(tmpdir(), "hd-realtime-bench-"));
    cleanup.add("remove the data directory", () => rm(dataDir, { recursive: true, force: true }));
    const server = await startServerProcess(root, { databaseUrl: url, dataDir, cpuProfileDir: options.cpuProfileDir ?? undefined, log });
    cleanup.add("stop the server process", () => server.stop());
    const serverStarted = performance.now();
    // While the server settles: nothing listens for these changes yet.
    const fixtures = await createRealtimeFixtures(db, options.sockets, options.readership, log);
    const driver = new ChangeDriver(db, fixtures.driver, fixtures.tickets);
    const pool = new ClientPool(options.loadProcesses, root, { kind: options.client, cpuProfileDir: options.cpuProfileDir });
    cleanup.add("stop the load processes", () => pool.stop());

    const rows: ReportRow[] = [];
    const report: Report = { rows, details: [] };
    /**
     * Garbage-collects and reads RSS every SETTLE_MS until the last `readings` lie within 1 MB,
     * and not before `notBefore` ms after the server started (at most SETTLE_LIMIT_MS). The
     * server's mail worker threads (V8 isolates the probe's gc() does not reach) shrink by
     * ~100 MB in steps over its first two minutes: the idle reading waits that out.
     */
    const memory = async (readings: number, notBefore = 0) => {
      const rss: number[] = [];
      const started = performance.now();
      for (;;) {
        await sleep(SETTLE_MS);
        const heapUsed = (await server.probe()).afterGc.heapUsed;
        rss.push(server.rss());
        const last = rss.slice(-readings);
        const stable = last.length === readings && Math.max(...last) - Math.min(...last) < MB && performance.now() - serverStarted >= notBefore;
        if (stable || performance.now() - started > SETTLE_LIMIT_MS) return { rss: rss.at(-1)!, heapUsed, load: loadNow() };
      }
    };
    /** One change in every queue, then wait until every socket of the set has its queue's: they are all connected and in their rooms. */
    const warmUp = async (set: "main" | "extra") => {
      const changes = await Promise.all(Array.from({ length: REALTIME_QUEUES }, () => driver.change()));
      const reached = await pool.waitFor(set, newestPerQueue(changes, REALTIME_QUEUES), 30_000);
      if (reached.reached !== reached.of) throw new Error(`warm-up: only ${reached.reached} of ${reached.of} ${set} sockets received their queue's change`);
    };
    const readsOf = (socket: number) => fixtures.reads[socket] ?? null;
    const fanOut = options.readership === "spread" ? `${options.sockets / REALTIME_QUEUES} per change` : "all per change";

    // 1. Memory: idle, with the main sockets, with the extra ones too.
    const idle = await memory(IDLE_STABLE_READINGS, options.idleSeconds * 1000);
    log(`idle server: RSS ${(idle.rss / MB).toFixed(1)} MB, heap used ${(idle.heapUsed / MB).toFixed(1)} MB (${((performance.now() - serverStarted) / 1000).toFixed(0)} s after its start)`);
    const tokens = fixtures.tokens;
    const opened = await pool.open("main", server.url, tokens, fixtures.reads, 0);
    log(`${opened.connected} sockets connected in ${Math.round(opened.ms)} ms (${opened.failed} failed${opened.errors.length ? `: ${opened.errors.join("; ")}` : ""})`);
    if (opened.failed > 0) throw new Error("sockets failed to connect");
    await warmUp("main");
    const withMain = await memory(STABLE_READINGS);
    rows.push(memoryRow(`server memory, ${options.sockets} sockets`, options.sockets, idle, withMain));
    if (options.extra > 0) {
      const extraTokens = Array.from({ length: options.extra }, (_, index) => tokens[index % tokens.length]!);
      const extraReads = Array.from({ length: options.extra }, (_, index) => fixtures.reads[index % tokens.length] ?? null);
      const extra = await pool.open("extra", server.url, extraTokens, extraReads, options.sockets);
      log(`${extra.connected} more sockets connected in ${Math.round(extra.ms)} ms (${extra.failed} failed${extra.errors.length ? `: ${extra.errors.join("; ")}` : ""})`);
      if (extra.failed > 0) throw new Error("sockets failed to connect");
      await warmUp("extra");
      const withAll = await memory(STABLE_READINGS);
      rows.push(memoryRow(`server memory, ${options.sockets + options.extra} sockets`, options.sockets + options.extra, idle, withAll));
      await pool.close("extra");
      await sleep(2_000);
    }

    // 2. Commit-to-receipt latency: `rate` changes a second for `seconds`, to every main socket.
    const count = options.rate * options.seconds;
    log(`measuring latency: ${count} changes at ${options.rate}/s to ${options.sockets} sockets, ${fanOut} (${options.loadProcesses} load processes, ${options.client} clients)…`);
    await pool.phase();
    await server.probe();
    const [backends] = await Promise.all([db.execute<{ pid: number }>(sql`select pid from pg_stat_activity where datname = ${name}`)]);
    const cpu = sampleCpu({ server: () => [server.pid], "load processes": () => pool.pids, driver: () => [process.pid], "postgres backends": () => backends.map((row) => row.pid) });
    const busy = machineBusy();
    const run = await driver.run(options.rate, count);
    const arrived = await pool.waitFor("main", newestPerQueue(run.changes, REALTIME_QUEUES), 30_000);
    const shares = cpu.stop();
    const machine = busy();
    const serverProbe = await server.probe();
    const live = await pool.collect();
    const latency = latencyOf(live, run.changes, readsOf);
    const p99 = quantile(latency.latencies, 0.99);
    const runLoad = `${loadNow()}, ${machine.cores.toFixed(1)}/${machine.of} cores busy`;
    rows.push({
      measurement: `commit → receipt, ${run.changes.length} changes, ${options.sockets} sockets (${fanOut})`,
      n: latency.latencies.length,
      value: `p50 ${quantile(latency.latencies, 0.5).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${quantile(latency.latencies, 1).toFixed(0)} ms`,
      target: "p99 ≤ 20 ms",
      ok: p99 <= 20,
      load: runLoad,
    });
    rows.push({
      measurement: "live deliveries complete",
      n: latency.delivered.expected,
      value: `${latency.delivered.missing} missing, ${latency.delivered.duplicates} dup., ${run.errors.length} failed changes`,
      target: "all, once, in order",
      ok: deliveredOk(latency.delivered) && run.errors.length === 0 && arrived.reached === arrived.of && live.dropped === 0,
      load: runLoad,
    });
    report.live = { run, latency, live, serverProbe, shares, arrived };

    // 3. Reconnect storm: every main socket closes, changes happen, all reconnect at once with lastEventId.
    log(`reconnect storm: ${options.sockets} sockets close, ${options.stormChanges} changes, all reconnect at once…`);
    await pool.close("main");
    await sleep(1_000);
    const before = (await pool.collect()).lastSeen;
    const stormRun = await driver.run(options.rate, options.stormChanges);
    const stormNewest = newestPerQueue(stormRun.changes, REALTIME_QUEUES);
    await pool.phase();
    await server.probe();
    const stormBusy = machineBusy();
    const reconnectAt = wallClock();
    const reconnected = await pool.reconnect("main");
    const caughtUpWait = await pool.waitFor("main", stormNewest, 30_000);
    const stormMachine = stormBusy();
    const stormProbe = await server.probe();
    const stormCollected = await pool.collect();
    const oldest = Math.min(...before.values());
    const history = await db.execute<{ id: string; queue_id: number }>(sql`select id, queue_id from ticket_history where id > ${oldest} and id <= ${Math.max(...stormNewest)} order by id`);
    const storm = stormOf(
      stormCollected,
      before,
      history.map((row) => ({ id: Number(row.id), queue: fixtures.queueIds.indexOf(row.queue_id) })),
      readsOf,
      reconnectAt,
      REALTIME_QUEUES,
    );
    const allCaughtUp = quantile(storm.caughtUp, 1);
    const stormLoad = `${loadNow()}, ${stormMachine.cores.toFixed(1)}/${stormMachine.of} cores busy`;
    rows.push({
      measurement: `reconnect storm, ${options.sockets} sockets, ${stormRun.changes.length} changes missed (${fanOut})`,
      n: storm.caughtUp.length,
      value: `all caught up after ${(allCaughtUp / 1000).toFixed(2)} s (p50 ${(quantile(storm.caughtUp, 0.5) / 1000).toFixed(2)} s; all reconnected after ${(reconnected.ms / 1000).toFixed(2)} s)`,
      target: "all ≤ 5 s",
      ok: storm.behind === 0 && allCaughtUp <= 5_000,
      load: stormLoad,
    });
    rows.push({
      measurement: "replayed events complete",
      n: storm.delivered.expected,
      value: `${storm.delivered.missing} missing, ${storm.delivered.duplicates} dup., ${storm.delivered.unexpected} unexpected, ${stormCollected.resyncs} resync`,
      target: "no gaps, no duplicates",
      ok: deliveredOk(storm.delivered) && stormCollected.resyncs === 0 && reconnected.failed === 0 && caughtUpWait.reached === caughtUpWait.of,
      load: stormLoad,
    });
    report.storm = { storm, reconnected, collected: stormCollected, serverProbe: stormProbe };

    console.log(formatReport(report));
    const missed = rows.filter((row) => !row.ok);
    if (missed.length > 0) console.log(`\nlast lines of the server process:\n${server.logTail().join("\n")}`);
    console.log(missed.length === 0 ? "\nall targets met" : `\nMISSED: ${missed.map((row) => row.measurement).join("; ")}`);
    return missed.length === 0 ? 0 : 1;
  } finally {
    await cleanup.run();
  }
}
