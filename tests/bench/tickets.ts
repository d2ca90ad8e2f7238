/**
 * `npm run bench -- tickets [--keep] [--reuse <dbname>] [--tickets <n>]`: seeds a database with
 * a million tickets (3 M articles, 50 queues), starts the real web app on it and measures the
 * queue view, full-text search, lock contention and write throughput through its API. Prints
 * a table; exits 1 when a target is missed. See README.md "Performance".
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { count, sql } from "drizzle-orm";
import { connect } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { tickets } from "../../db/schema";
import { seedDatabase } from "../../db/seed";
import { Cleanup, createDatabase, databaseExists, databaseUrl, benchDatabaseName, DEFAULT_SERVER_URL, dropDatabase } from "./bench-database";
import { closeHttp } from "./http";
import { measureQueueViewHttp, measureQueueViewSql, measureSearch, type ReadContext } from "./measure-reads";
import { LOCK_TICKETS, measureLockContention, measureThroughput, openTickets, TICKETS_NEEDED, warmUpWrites, type WriteContext } from "./measure-writes";
import { ensureFixtures } from "./seed-fixtures";
import { seedTickets } from "./seed-tickets";
import { formatResults, machineBusy, type Row } from "./stats";
import { startWebServer } from "./web-server";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const DEFAULT_TICKETS = 1_000_000;
/** The agents that read and that write in the throughput run (bench1…bench8). */
const WORKING_AGENTS = 8;

interface Options {
  keep: boolean;
  reuse: string | null;
  tickets: number;
}

const USAGE = "usage: npm run bench -- tickets [--keep] [--reuse <dbname>] [--tickets <n>]";

function parseOptions(args: string[]): Options {
  const options: Options = { keep: false, reuse: null, tickets: DEFAULT_TICKETS };
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (arg === "--keep") options.keep = true;
    else if (arg === "--reuse" && args[index + 1]) options.reuse = args[++index]!;
    else if (arg === "--tickets" && /^\d+$/.test(args[index + 1] ?? "")) options.tickets = Number(args[++index]);
    else throw new Error(`unknown option ${arg}\n${USAGE}`);
  }
  if (options.tickets < 1_000) throw new Error("--tickets: at least 1000");
  return options;
}

const log = (line: string) => console.log(`[bench] ${line}`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export async function runTicketsBench(args: string[]): Promise<number> {
  const options = parseOptions(args);
  const serverUrl = process.env.DATABASE_URL || DEFAULT_SERVER_URL;
  const cleanup = new Cleanup();
  try {
    const name = options.reuse ?? benchDatabaseName();
    const keep = options.keep || options.reuse !== null;
    const url = databaseUrl(serverUrl, name);
    if (!(options.reuse && (await databaseExists(serverUrl, name)))) {
      await createDatabase(serverUrl, name);
      log(`created database ${name}`);
    } else {
      log(`reusing database ${name}`);
    }
    if (keep) cleanup.add("report the database", async () => log(`kept the database: DATABASE_URL=${url}`));
    else cleanup.add(`drop database ${name}`, async () => dropDatabase(serverUrl, name));

    await migrateDatabase(url);
    const db = connect(url, { max: 4, applicationName: "helpdesk-bench" });
    cleanup.add("close the database pool", () => db.$client.end({ timeout: 5 }));
    await seedDatabase(db, { adminPassword: randomBytes(12).toString("base64url"), rawAddress: "raw@bench.example" });
    const fixtures = await ensureFixtures(db, log);
    const workers = fixtures.agents.slice(0, WORKING_AGENTS);

    const [existing] = await db.select({ n: count() }).from(tickets);
    if (existing!.n === 0) {
      const customers = Math.max(1_000, Math.round(options.tickets / 10));
      log(`seeding ${options.tickets.toLocaleString("en")} tickets, ${(options.tickets * 3).toLocaleString("en")} articles, ${customers.toLocaleString("en")} customers…`);
      const started = performance.now();
      const timings = await seedTickets(url, { tickets: options.tickets, customers, queueIds: fixtures.queues.map((queue) => queue.id), ownerIds: workers.map((agent) => agent.id), log });
      log(
        `seeded in ${seconds(performance.now() - started)} (customers ${seconds(timings.customersMs)}, tickets and articles ${seconds(timings.ticketsMs)}, VACUUM ANALYZE ${seconds(timings.vacuumMs)})`,
      );
    } else if (existing!.n >= options.tickets) {
      log(`the database has ${existing!.n.toLocaleString("en")} tickets already: not seeding`);
    } else {
      throw new Error(`the database has ${existing!.n} tickets, fewer than ${options.tickets}: drop it, or pass a smaller --tickets`);
    }
    const [size] = await db.execute<{ size: string }>(sql`select pg_size_pretty(pg_database_size(current_database())) as size`);
    log(`database size ${size?.size ?? "?"}`);

    const server = await startWebServer(root, url, log);
    cleanup.add("stop the web server", () => server.stop());
    cleanup.add("close HTTP sockets", async () => closeHttp());

    // How busy the whole machine was during each measurement: other processes' load shows in the latencies.
    const loads: string[] = [];
    const measure = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
      log(`measuring ${name}…`);
      const busy = machineBusy();
      const result = await work();
      const { cores, of } = busy();
      loads.push(`${name} ${cores.toFixed(1)}/${of}`);
      return result;
    };
    const reads: ReadContext = { client: server.client, db, queues: fixtures.queues, agents: workers };
    const rows: Row[] = [];
    rows.push(await measure("queue view (HTTP)", () => measureQueueViewHttp(reads)));
    rows.push(await measure("queue view (in-process)", () => measureQueueViewSql(reads)));
    const search = await measure("full-text search", () => measureSearch(reads));
    rows.push(search.row);

    const writes: WriteContext = { client: server.client, db, agents: fixtures.agents, serverPid: server.pid, databaseName: name };
    const numbers = await openTickets(db, fixtures.queues, TICKETS_NEEDED);
    const warmUp = await measure("warm-up of the write paths (not counted)", () => warmUpWrites(writes, numbers.slice(LOCK_TICKETS)));
    const lock = await measure(`lock contention (${fixtures.agents.length} agents at once)`, () => measureLockContention(writes, numbers.slice(0, LOCK_TICKETS)));
    rows.push(lock.row);
    const throughput = await measure("write throughput (lock, reply, unlock)", () => measureThroughput(writes, numbers.slice(LOCK_TICKETS)));
    rows.push(throughput.row);

    console.log(`\n${formatResults(rows)}\n`);
    console.log(`${search.detail}\n`);
    console.log(`lock: the app's busy PostgreSQL backends, sampled every 50 ms: ${lock.waits}`);
    for (const failure of lock.failures) console.log(`lock: ${failure}`);
    console.log(["throughput:", `  warm-up: ${warmUp}`, ...throughput.detail].join("\n"));
    console.log(`busy cores of the whole machine (every process, anyone's) during: ${loads.join("; ")}`);
    const missed = rows.filter((row) => !row.ok);
    if (rows.some((row) => row.note?.includes("errors"))) console.log(`\nlast lines of next start:\n${server.logTail().join("\n")}`);
    console.log(missed.length === 0 ? "\nall targets met" : `\nMISSED: ${missed.map((row) => row.measurement).join("; ")}`);
    return missed.length === 0 ? 0 : 1;
  } finally {
    await cleanup.run();
  }
}
