/**
 * `npm run bench -- mail [options]`: inbound mail end to end through the real server process
 * (server/main.ts): 8 concurrent SMTP senders, each message accepted (250 once stored), parsed
 * and filed as a new ticket by the mail workers, committed and announced on `helpdesk_events`
 * — which this process LISTENs to. Measures 5 KB plain messages and 200 KB messages with an
 * attachment (messages per second, accept latency, the server's peak memory) and, for 25 MB
 * messages, how long the realtime sidecar (same process) stops answering. Prints a table;
 * exits 1 when a target is missed. See README.md "Performance".
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { connect } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { freePort, startServerProcess } from "../support/server-process";
import { benchDatabaseName, Cleanup, createDatabase, databaseUrl, DEFAULT_SERVER_URL, dropDatabase } from "./bench-database";
import { CommitWatcher } from "./mail-commits";
import { latencies, loadOf, log, type MailContext, type MailOptions } from "./mail-context";
import { largeMessages } from "./mail-large";
import { AttachmentMails, plainMail, type BenchMail } from "./mail-messages";
import { megabytes, sampleBackends, sampleMemory, sampleThreads } from "./mail-profile";
import { sendAll } from "./mail-senders";
import { createMailFixtures } from "./mail-setup";
import { StallProbe } from "./mail-stall";
import { formatTable, machineBusy } from "./stats";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const KB = 1024;

const USAGE = "usage: npm run bench -- mail [--messages 3000] [--attachment-messages 1000] [--large 3] [--senders 8] [--warmup 200] [--connection-per-message]";

function parseOptions(args: string[]): MailOptions {
  const options: MailOptions = { messages: 3_000, attachmentMessages: 1_000, large: 3, senders: 8, warmup: 200, connectionPerMessage: false };
  const numeric: Record<string, keyof Omit<MailOptions, "connectionPerMessage">> = {
    "--messages": "messages",
    "--attachment-messages": "attachmentMessages",
    "--large": "large",
    "--senders": "senders",
    "--warmup": "warmup",
  };
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    const key = numeric[arg];
    if (key && /^\d+$/.test(args[index + 1] ?? "")) options[key] = Number(args[++index]);
    else if (arg === "--connection-per-message") options.connectionPerMessage = true;
    else throw new Error(`unknown option ${arg}\n${USAGE}`);
  }
  if (options.messages < 1 || options.attachmentMessages < 1 || options.senders < 1) throw new Error(`--messages, --attachment-messages and --senders must be at least 1\n${USAGE}`);
  return options;
}

/** Sends `count` messages with the senders and waits until each is a ticket, committed and announced. */
async function throughput(context: MailContext, label: string, count: number, mailOf: (index: number) => BenchMail, target: number): Promise<void> {
  const { options, watcher, fixtures } = context;
  log(`${label}: ${count} messages, ${options.senders} senders…`);
  const mark = await watcher.mark();
  const memory = sampleMemory(context.serverPid);
  const threads = sampleThreads(context.serverPid);
  const backends = sampleBackends(context.sql, context.database);
  const busy = machineBusy();
  const benchCpu = process.cpuUsage();
  const sent = await sendAll(count, mailOf, { port: context.smtpPort, concurrency: options.senders, connectionPerMessage: options.connectionPerMessage });
  if (sent.failures.length > 0) throw new Error(`${label}: ${sent.failures.length} messages not accepted, e.g. ${sent.failures.slice(0, 3).join("; ")}`);
  const commits = await watcher.waitFor(mark, count, fixtures.queueId, Math.max(120_000, (count / target) * 6_000));
  const load = loadOf(busy);
  const peak = memory.stop();
  const cpu = threads.stop(count);
  const pg = await backends.stop(count);
  const ownCpu = process.cpuUsage(benchCpu);

  const seconds = (commits.lastAnnouncedAt - sent.startedAt) / 1000;
  const rate = count / seconds;
  const acceptRate = count / ((sent.lastAcceptedAt - sent.startedAt) / 1000);
  // The middle 80 %, without the start (pools filling) and the end (the last senders' tail).
  const tenth = Math.floor(count * 0.1);
  const middle = count >= 50 ? (count - 2 * tenth) / ((commits.announcedAt[count - tenth - 1]! - commits.announcedAt[tenth]!) / 1000) : Number.NaN;
  const exact = commits.statuses.processed === count && Object.keys(commits.statuses).length === 1 && commits.articles === count;
  context.rows.push(
    {
      measurement: `${label}: end to end (first send → last announced)`,
      n: count,
      value: `${rate.toFixed(1)} msg/s in ${seconds.toFixed(1)} s (middle 80 %: ${Number.isNaN(middle) ? "–" : middle.toFixed(1)}/s; accepted at ${acceptRate.toFixed(0)}/s)${exact ? "" : `; NOT one ticket each: ${JSON.stringify(commits.statuses)}, ${commits.articles} articles`}`,
      target: `≥ ${target}/s`,
      ok: rate >= target && exact,
      load,
    },
    { measurement: `${label}: accept latency (DATA → 250)`, n: sent.acceptMs.length, value: latencies(sent.acceptMs), target: "–", ok: true, load },
    { measurement: `${label}: server peak memory`, n: count, value: `VmRSS ${megabytes(peak.peakRss)} (sampled every 20 ms); VmHWM ${megabytes(peak.hwm)}`, target: "–", ok: true, load },
  );
  const benchShare = (ownCpu.user + ownCpu.system) / 1000 / (commits.lastAnnouncedAt - sent.startedAt);
  context.details.push(`${label} (${load}; ${sent.retries} retried sends):\n  ${cpu}\n  bench process (senders, LISTEN) ${Math.round(benchShare * 100)} % of a core\n  ${pg}`);
}

export async function runMailBench(args: string[]): Promise<number> {
  const options = parseOptions(args);
  const serverUrl = process.env.DATABASE_URL || DEFAULT_SERVER_URL;
  const cleanup = new Cleanup();
  // Cleanup listens once; a second Ctrl-C (the terminal's and the one npm and tsx relay)
  // would find no listener, and tsx's own handler would exit at once, before the database
  // is dropped. These keep a listener in place until Cleanup exits.
  const ignore = () => {};
  process.on("SIGINT", ignore);
  process.on("SIGTERM", ignore);
  try {
    const name = benchDatabaseName();
    const url = databaseUrl(serverUrl, name);
    await createDatabase(serverUrl, name);
    log(`created database ${name}`);
    cleanup.add(`drop database ${name}`, () => dropDatabase(serverUrl, name));
    await migrateDatabase(url);
    const db = connect(url, { max: 4, applicationName: "helpdesk-bench" });
    cleanup.add("close the database pool", () => db.$client.end({ timeout: 5 }));
    const fixtures = await createMailFixtures(db);

    const dataDir = await mkdtemp(path.join(tmpdir(), "hd-mail-bench-"));
    cleanup.add("remove the data directory", () => rm(dataDir, { recursive: true, force: true }));
    const [smtpPort, realtimePort] = [await freePort(), await freePort()];
    const server = await startServerProcess({ databaseUrl: url, dataDir, smtpPort, realtimePort });
    cleanup.add("stop the server process", async () => void (await server.stop()));
    log(`server process up (pid ${server.pid}), SMTP on port ${smtpPort}, realtime on port ${realtimePort}`);
    const health = await fetch(`http://127.0.0.1:${realtimePort}/health`);
    if (health.status !== 200) throw new Error(`GET /health: ${health.status} ${await health.text()}`);
    const watcher = await CommitWatcher.start(url);
    cleanup.add("stop listening", () => watcher.close());

    const realtimeUrl = `http://127.0.0.1:${realtimePort}`;
    const context: MailContext = { options, fixtures, watcher, serverPid: server.pid, smtpPort, realtimeUrl, database: name, sql: db.$client, rows: [], details: [] };
    const run = randomBytes(3).toString("hex");
    if (options.warmup > 0) {
      log(`warm-up: ${options.warmup} messages…`);
      const mark = await watcher.mark();
      const warm = await sendAll(options.warmup, (index) => plainMail(index, { to: fixtures.address, run: `${run}W`, bytes: 5 * KB }), { port: smtpPort, concurrency: options.senders, connectionPerMessage: false });
      if (warm.failures.length > 0) throw new Error(`warm-up: ${warm.failures.slice(0, 3).join("; ")}`);
      await watcher.waitFor(mark, options.warmup, fixtures.queueId, 300_000);
    }
    await throughput(context, "5 KB plain", options.messages, (index) => plainMail(index, { to: fixtures.address, run: `${run}P`, bytes: 5 * KB }), 150);
    const attachments = new AttachmentMails({ to: fixtures.address, run: `${run}A`, bytes: 200 * KB });
    log(`200 KB messages carry a ${(attachments.attachmentBytes / KB).toFixed(0)} KiB PDF-like attachment (base64)`);
    await throughput(context, "200 KB + attachment", options.attachmentMessages, (index) => attachments.mail(index), 40);
    if (options.large > 0) {
      const probe = StallProbe.start(root);
      cleanup.add("stop the realtime probe", () => probe.close());
      await probe.connect(realtimeUrl, fixtures.token, fixtures.ticketNumber);
      await largeMessages(context, probe);
    }

    const sending = options.connectionPerMessage ? "a new connection per message" : "one persistent connection each";
    console.log(`\nMail bench, ${new Date().toISOString()}, ${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, Node ${process.versions.node}; ${options.senders} senders (nodemailer SMTPConnection, ${sending})\n`);
    console.log(formatTable(["measurement", "n", "value", "target", "result", "machine"], context.rows.map((row) => [row.measurement, String(row.n), row.value, row.target, row.ok ? "ok" : "MISSED", row.load])));
    console.log(`\nWhere the time went:\n${context.details.join("\n")}`);
    const missed = context.rows.filter((row) => !row.ok);
    console.log(missed.length === 0 ? "\nall targets met" : `\nMISSED: ${missed.map((row) => row.measurement).join("; ")}`);
    return missed.length === 0 ? 0 : 1;
  } finally {
    await cleanup.run();
    process.off("SIGINT", ignore);
    process.off("SIGTERM", ignore);
  }
}
