import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { listTickets } from "../../server/tickets/list-tickets";
import type { HttpClient } from "./http";
import type { BenchAgent, BenchQueue } from "./seed-fixtures";
import { formatMs, formatTable, percentile, since, type Row } from "./stats";
import { vocabulary } from "./words";

const REQUESTS = 200;
const WARM_UP = 10;

export interface ReadContext {
  client: HttpClient;
  db: Database;
  queues: BenchQueue[];
  /** The agents that read (bench1…bench8): requests take turns among them. */
  agents: BenchAgent[];
}

/** Errors seen, by status and first answer, for the report. */
function describeErrors(errors: { status: number; body: string }[]): string | undefined {
  if (errors.length === 0) return undefined;
  const first = errors[0]!;
  return `${errors.length} errors, first HTTP ${first.status}: ${first.body.slice(0, 120)}`;
}

async function timedRequests(context: ReadContext, count: number, path: (index: number) => string): Promise<{ samples: number[]; errors: { status: number; body: string }[] }> {
  const samples: number[] = [];
  const errors: { status: number; body: string }[] = [];
  for (let index = 0; index < count; index++) {
    const agent = context.agents[index % context.agents.length]!;
    const result = await context.client.request("GET", path(index), agent.token);
    samples.push(result.ms);
    if (result.status !== 200) errors.push(result);
  }
  return { samples, errors };
}

/** The queue view: the 50 oldest open tickets of a queue, one request at a time over the 50 queues. */
export async function measureQueueViewHttp(context: ReadContext): Promise<Row> {
  const path = (index: number) => `/api/v1/tickets?queue=${context.queues[index % context.queues.length]!.id}&limit=50`;
  await timedRequests(context, WARM_UP, path);
  const { samples, errors } = await timedRequests(context, REQUESTS, path);
  return { measurement: "queue view, HTTP", n: samples.length, samples, target: "p95 ≤ 60 ms", ok: errors.length === 0 && percentile(samples, 0.95) <= 60, note: describeErrors(errors) };
}

/** The same listing in-process: listTickets against the database, without HTTP and Next. */
export async function measureQueueViewSql(context: ReadContext): Promise<Row> {
  const actor = context.agents[0]!;
  const run = async (index: number) => {
    const started = performance.now();
    const page = await listTickets(context.db, actor, { queue: context.queues[index % context.queues.length]!.id, limit: 50 });
    if (page.tickets.length === 0) throw new Error("the queue view found no open tickets: is the database seeded?");
    return since(started);
  };
  for (let index = 0; index < WARM_UP; index++) await run(index);
  const samples: number[] = [];
  for (let index = 0; index < REQUESTS; index++) samples.push(await run(index));
  return { measurement: "queue view, listTickets in-process", n: samples.length, samples, target: "p95 ≤ 20 ms", ok: percentile(samples, 0.95) <= 20 };
}

/**
 * The search mix, by Zipf rank in the seeded vocabulary (1 = "the", the most common word):
 * rare, middling and common words alone, and pairs (which must both occur).
 */
export function searchQueries(): string[] {
  const words = vocabulary();
  const word = (rank: number) => words[rank - 1]!;
  return [
    word(3990), word(3700), word(3300), word(2900), word(2500),
    word(1500), word(900), word(400),
    word(1), word(23), word(60), word(150),
    "password reset", "printer error", "invoice payment", "vpn connection",
    `${word(23)} ${word(3990)}`, `${word(150)} ${word(400)}`, `${word(2900)} ${word(3300)}`, `${word(1)} ${word(2)}`,
  ];
}

export interface SearchResult {
  row: Row;
  /** Per query: how many tickets match, and its latencies. */
  detail: string;
}

export async function measureSearch(context: ReadContext): Promise<SearchResult> {
  const queries = searchQueries();
  const path = (index: number) => `/api/v1/tickets?q=${encodeURIComponent(queries[index % queries.length]!)}&state=all&limit=50`;
  await timedRequests(context, WARM_UP, path);
  const { samples, errors } = await timedRequests(context, REQUESTS, path);
  const byQuery = queries.map((query, index) => ({ query, samples: samples.filter((_, sample) => sample % queries.length === index) }));
  const counts: string[] = [];
  for (const { query } of byQuery) {
    const [row] = await context.db.execute<{ matches: number }>(sql`select count(*)::int as matches from tickets where search_vector @@ websearch_to_tsquery('simple', ${query})`);
    counts.push((row?.matches ?? 0).toLocaleString("en"));
  }
  const detail = formatTable(
    ["search q", "matching tickets", "p50", "max"],
    byQuery.map((entry, index) => [entry.query, counts[index]!, formatMs(percentile(entry.samples, 0.5)), formatMs(percentile(entry.samples, 1))]),
  );
  const row: Row = { measurement: "full-text search, HTTP", n: samples.length, samples, target: "p95 ≤ 300 ms", ok: errors.length === 0 && percentile(samples, 0.95) <= 300, note: describeErrors(errors) };
  return { row, detail };
}
