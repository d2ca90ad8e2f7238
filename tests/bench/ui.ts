/**
 * `npm run bench -- ui [--loads <n>] [--tickets <n>] [--articles <n>] [--keep]`: first paint of
 * the queue view (a queue of 10,000 open tickets) and of a ticket with 100 articles, measured
 * in chromium against `next start` and the server process, 20 fresh loads each; and the
 * JavaScript the queue view ships, gzipped. Prints tables; exits 1 when a target is missed.
 * See README.md "Performance".
 */
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { and, count, isNull } from "drizzle-orm";
import type { Page } from "@playwright/test";
import { connect, type Database } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { outbox } from "../../db/schema";
import { benchDatabaseName, Cleanup, createDatabase, DEFAULT_SERVER_URL, dropDatabase } from "./bench-database";
import { formatResults, formatTable, machineBusy, percentile, type Row } from "./stats";
import { scriptsOf, signedInSession, timeLoad, type LoadTiming, type Script } from "./ui-browser";
import { seedUiFixtures } from "./ui-seed";
import { startDeployment } from "./ui-servers";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const QUEUE_TARGET_MS = 800;
const TICKET_TARGET_MS = 1_000;
const JS_TARGET_BYTES = 250 * 1024;
const WARM_UP_LOADS = 2;
const QUEUE_PAGE_ROWS = 50;

interface Options {
  loads: number;
  tickets: number;
  articles: number;
  keep: boolean;
}

const USAGE = "usage: npm run bench -- ui [--loads <n>] [--tickets <n>] [--articles <n>] [--keep]";

function parseOptions(args: string[]): Options {
  const options: Options = { loads: 20, tickets: 10_000, articles: 100, keep: false };
  const number = (index: number) => (/^\d+$/.test(args[index + 1] ?? "") ? Number(args[index + 1]) : null);
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    const value = number(index);
    if (arg === "--keep") options.keep = true;
    else if ((arg === "--loads" || arg === "--tickets" || arg === "--articles") && value !== null && value > 0) {
      options[arg === "--loads" ? "loads" : arg === "--tickets" ? "tickets" : "articles"] = value;
      index++;
    } else throw new Error(`unknown option ${arg}\n${USAGE}`);
  }
  if (options.tickets < QUEUE_PAGE_ROWS) throw new Error(`--tickets: at least ${QUEUE_PAGE_ROWS}`);
  if (options.articles < 2) throw new Error("--articles: at least 2");
  return options;
}

const log = (line: string) => console.log(`[bench] ${line}`);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number) => (Number.isNaN(value) ? "–" : `${Math.round(value)}`);
const load = () => loadavg().map((value) => value.toFixed(2)).join(", ");

/** Replies queue mail: let the server process's outbox worker send it (to files) before measuring. */
async function waitForOutbox(db: Database): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const [row] = await db.select({ n: count() }).from(outbox).where(and(isNull(outbox.sentAt), isNull(outbox.failedAt)));
    if (row!.n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  log("the outbox still had unsent mail after 60 s: measuring anyway");
}

async function checkQueuePage(page: Page): Promise<void> {
  const hrefs = await page.locator("main a[href^='/tickets/']").evaluateAll((links) => links.map((link) => link.getAttribute("href") ?? ""));
  const tickets = new Set(hrefs.filter((href) => /^\/tickets\/\d+$/.test(href)));
  if (tickets.size < QUEUE_PAGE_ROWS) throw new Error(`the queue view links ${tickets.size} tickets, not ${QUEUE_PAGE_ROWS}`);
}

function detailRow(name: string, timings: LoadTiming[]): string[] {
  const p50 = (pick: (timing: LoadTiming) => number) => ms(percentile(timings.map(pick), 0.5));
  return [
    name,
    p50((t) => t.ttfb),
    p50((t) => t.html),
    p50((t) => t.firstPaint),
    p50((t) => t.firstContentfulPaint),
    ms(percentile(timings.map((t) => t.firstContentfulPaint), 0.95)),
    p50((t) => t.largestContentfulPaint),
    p50((t) => t.domContentLoaded),
    p50((t) => t.load),
    kb(percentile(timings.map((t) => t.htmlBytes), 0.5)),
  ];
}

function paintRow(measurement: string, timings: LoadTiming[], targetMs: number | null): Row {
  const samples = timings.map((timing) => timing.firstContentfulPaint);
  if (targetMs === null) return { measurement, n: samples.length, samples, target: "–", ok: true, note: "not judged" };
  return { measurement, n: samples.length, samples, target: `p50 ≤ ${targetMs} ms`, ok: percentile(samples, 0.5) <= targetMs };
}

/** Where the time of a page's first paint goes, and what to look at when it is too slow. */
function explain(name: string, timings: LoadTiming[], targetMs: number): string[] {
  const p50 = (pick: (timing: LoadTiming) => number) => percentile(timings.map(pick), 0.5);
  const [ttfb, html, fcp] = [p50((t) => t.ttfb), p50((t) => t.html), p50((t) => t.firstContentfulPaint)];
  const lines = [`${name}: first byte ${ms(ttfb)} ms (server render), HTML complete ${ms(html)} ms, first contentful paint ${ms(fcp)} ms (${ms(fcp - html)} ms in the browser after the HTML)`];
  if (fcp <= targetMs) return lines;
  if (ttfb > fcp / 2) lines.push("  the server's render dominates: profile the page's queries and React render (next start with --cpu-prof), stream the slow part behind <Suspense>");
  else lines.push("  the browser's work dominates: less HTML and inline RSC payload, fewer render-blocking stylesheets, less work before the first paint");
  return lines;
}

export async function runUiBench(args: string[]): Promise<number> {
  const options = parseOptions(args);
  const serverUrl = process.env.DATABASE_URL || DEFAULT_SERVER_URL;
  const cleanup = new Cleanup();
  try {
    const name = benchDatabaseName();
    const url = await createDatabase(serverUrl, name);
    log(`created database ${name}`);
    if (options.keep) cleanup.add("report the database", async () => log(`kept the database: DATABASE_URL=${url}`));
    else cleanup.add(`drop database ${name}`, () => dropDatabase(serverUrl, name));
    await migrateDatabase(url);
    const db = connect(url, { max: 4, applicationName: "helpdesk-bench" });
    cleanup.add("close the database pool", () => db.$client.end({ timeout: 5 }));
    const fixtures = await seedUiFixtures(db, { tickets: options.tickets, articles: options.articles, log });

    const dataDir = await mkdtemp(path.join(tmpdir(), "hd-bench-ui-"));
    cleanup.add(`remove ${dataDir}`, () => rm(dataDir, { recursive: true, force: true }));
    const deployment = await startDeployment(root, { databaseUrl: url, dataDir, log, onStarted: (service) => cleanup.add(`stop the ${service.name} process`, () => service.stop()) });
    await waitForOutbox(db);
    const session = await signedInSession(deployment.baseUrl, fixtures.agent);
    cleanup.add("close chromium", () => session.close());

    const queuePath = `/queues/${fixtures.queueId}`;
    const ticketPath = `/tickets/${fixtures.ticketNumber}`;
    const checkTicketPage = async (page: Page) => {
      await page.getByText(fixtures.lastArticleMarker).first().waitFor({ state: "attached", timeout: 5_000 });
      log(`ticket page checked: the last article is there; ${await page.locator("iframe").count()} HTML articles framed`);
    };
    log(`warming up (${WARM_UP_LOADS} loads of each page, not counted)…`);
    for (let index = 0; index < WARM_UP_LOADS; index++) {
      await timeLoad(session.context, queuePath, { cold: true, check: index === 0 ? checkQueuePage : undefined });
      await timeLoad(session.context, ticketPath, { cold: true, check: index === 0 ? checkTicketPage : undefined });
    }

    const loadBefore = load();
    const busy = machineBusy();
    const series = { queueCold: [] as LoadTiming[], ticketCold: [] as LoadTiming[], queueWarm: [] as LoadTiming[], ticketWarm: [] as LoadTiming[] };
    log(`measuring: ${options.loads} loads of each page with the cache off, ${options.loads} with it on (load average ${loadBefore})…`);
    for (let index = 0; index < options.loads; index++) {
      series.queueCold.push(await timeLoad(session.context, queuePath, { cold: true }));
      series.ticketCold.push(await timeLoad(session.context, ticketPath, { cold: true }));
      series.queueWarm.push(await timeLoad(session.context, queuePath, { cold: false }));
      series.ticketWarm.push(await timeLoad(session.context, ticketPath, { cold: false }));
    }
    const queueScripts = await scriptsOf(session.context, queuePath);
    const ticketScripts = await scriptsOf(session.context, ticketPath);
    const { cores, of } = busy();
    const loadAfter = load();

    const sum = (scripts: Script[], pick: (script: Script) => number) => scripts.reduce((total, script) => total + pick(script), 0);
    const queueGzip = sum(queueScripts, (script) => script.gzipBytes);
    const queueLabel = `queue view (${options.tickets.toLocaleString("en")} open)`;
    const ticketLabel = `ticket (${options.articles} articles)`;
    const rows: Row[] = [
      paintRow(`${queueLabel}: FCP, cache off`, series.queueCold, QUEUE_TARGET_MS),
      paintRow(`${ticketLabel}: FCP, cache off`, series.ticketCold, TICKET_TARGET_MS),
      paintRow(`${queueLabel}: FCP, cache on`, series.queueWarm, null),
      paintRow(`${ticketLabel}: FCP, cache on`, series.ticketWarm, null),
      {
        measurement: "queue view: JS shipped, gzip -9",
        n: queueScripts.length,
        samples: [],
        target: `≤ ${JS_TARGET_BYTES / 1024} KB`,
        ok: queueGzip <= JS_TARGET_BYTES,
        note: `${kb(queueGzip)} in ${queueScripts.length} scripts, ${kb(sum(queueScripts, (script) => script.bytes))} raw`,
      },
    ];

    console.log(`\n${formatResults(rows)}\n`);
    console.log("p50 of each timing, ms from the start of the navigation (FCP also p95):");
    console.log(
      formatTable(
        ["page, cache", "first byte", "HTML end", "FP", "FCP", "FCP p95", "LCP", "DOMContentLoaded", "load", "HTML"],
        [detailRow(`${queueLabel}, off`, series.queueCold), detailRow(`${ticketLabel}, off`, series.ticketCold), detailRow(`${queueLabel}, on`, series.queueWarm), detailRow(`${ticketLabel}, on`, series.ticketWarm)],
      ),
    );
    const scriptName = (script: Script) => new URL(script.url).pathname.replace(/^\/_next\/static\/chunks\//, "");
    console.log(`\nthe queue view's 5 largest scripts (of ${queueScripts.length}):`);
    console.log(formatTable(["script", "raw", "gzip -9", "recognised in it"], queueScripts.slice(0, 5).map((script) => [scriptName(script), kb(script.bytes), kb(script.gzipBytes), script.contents.join(", ")])));
    const ticketOnly = ticketScripts.filter((script) => !queueScripts.some((other) => scriptName(other) === scriptName(script)));
    console.log(`\nthe ticket page loads ${kb(sum(ticketScripts, (script) => script.gzipBytes))} gzipped in ${ticketScripts.length} scripts, ${ticketOnly.length} of them not on the queue view (${kb(sum(ticketOnly, (script) => script.gzipBytes))})`);

    console.log(`\nwhere the time goes (cache off, p50):`);
    for (const line of [...explain(queueLabel, series.queueCold, QUEUE_TARGET_MS), ...explain(ticketLabel, series.ticketCold, TICKET_TARGET_MS)]) console.log(line);
    if (queueGzip > JS_TARGET_BYTES) {
      console.log("the queue view's scripts, all:");
      for (const script of queueScripts) console.log(`  ${scriptName(script)} ${kb(script.gzipBytes)} gzip (${script.contents.join(", ") || "app code"})`);
      console.log("  see .next/diagnostics/route-bundle-stats.json for the route's first-load chunks, and `next analyze` for the modules in them");
    }
    console.log(
      `\nmachine: ${cpus().length} × ${cpus()[0]?.model ?? "?"}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB; load average (1, 5, 15 min) ${loadBefore} before, ${loadAfter} after; ` +
        `busy cores of the whole machine during the loads ${cores.toFixed(1)}/${of}; ${new Date().toISOString()}`,
    );
    const missed = rows.filter((row) => !row.ok);
    console.log(missed.length === 0 ? "\nall targets met" : `\nMISSED: ${missed.map((row) => row.measurement).join("; ")}`);
    return missed.length === 0 ? 0 : 1;
  } finally {
    await cleanup.run();
  }
}
