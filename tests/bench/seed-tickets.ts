import postgres from "postgres";
import { articleInsertSql, articleStageSql, bodyStageSql, ticketInsertSql, ticketStageSql, type BatchShape } from "./seed-sql";
import { vocabulary } from "./words";

export interface BulkSeedOptions {
  tickets: number;
  customers: number;
  queueIds: number[];
  /** Owners of the seeded tickets (bench1…bench8). */
  ownerIds: number[];
  log: (line: string) => void;
}

export interface SeedTimings {
  customersMs: number;
  ticketsMs: number;
  vacuumMs: number;
}

/** Distinct random sentences the bodies are made of: each used ~50 times over 3 M articles. */
const SENTENCES = 300_000;
const BATCH_TICKETS = 50_000;
/** PostgreSQL executes an INSERT on one core: two sessions use both. */
const WORKERS = 2;
/** The words of an article body: Zipf-distributed ranks over this vocabulary. */
const VOCABULARY_SIZE = 4_000;

const FIRST_NAMES = ["Anna", "Ben", "Clara", "David", "Eva", "Felix", "Greta", "Hugo", "Ida", "Jonas", "Karin", "Lukas", "Mia", "Noah", "Olga", "Paul", "Rosa", "Sven", "Tara", "Umar"];
const LAST_NAMES = ["Adams", "Baker", "Clark", "Davis", "Evans", "Fischer", "Garcia", "Hansen", "Ito", "Jensen", "Klein", "Lopez", "Meyer", "Novak", "Olsen", "Petrov", "Quinn", "Rossi", "Schmidt", "Weber", "Young"];

const since = (start: number) => Math.round(performance.now() - start);

/** The word and sentence pool, in a scratch schema (bench_seed) dropped once the tickets are in. */
async function createScratch(sql: postgres.Sql): Promise<void> {
  await sql.unsafe("drop schema if exists bench_seed cascade");
  await sql.unsafe("create schema bench_seed");
  await sql.unsafe("create unlogged table bench_seed.words (rank int primary key, word text not null)");
  await sql`insert into bench_seed.words select ord::int, word from unnest(${vocabulary(VOCABULARY_SIZE)}::text[]) with ordinality as u(word, ord)`;
  await sql.unsafe("create unlogged table bench_seed.sentences (id int primary key, text text not null)");
  // Rank floor(V^u) for uniform u has P(rank = r) ~ 1/r: Zipf's law with exponent 1.
  await sql.unsafe(`
    select setseed(0.25);
    insert into bench_seed.sentences
    select d.s, upper(left(string_agg(w.word, ' ' order by d.k), 1)) || substr(string_agg(w.word, ' ' order by d.k), 2) || '.'
    from (
      select s, k, floor(exp(random() * ln(${VOCABULARY_SIZE + 1})))::int as rank
      from generate_series(1, ${SENTENCES}) s, lateral generate_series(1, 5 + (s * 7) % 10) k
    ) d
    join bench_seed.words w on w.rank = d.rank
    group by d.s`);
}

async function seedCustomers(sql: postgres.Sql, count: number): Promise<number> {
  await sql`
    insert into customers (email, name, organisation, created_at, updated_at)
    select 'customer' || g || '@org' || (g % 5000) || '.example',
      (${FIRST_NAMES}::text[])[1 + g % ${FIRST_NAMES.length}] || ' ' || (${LAST_NAMES}::text[])[1 + (g / ${FIRST_NAMES.length}) % ${LAST_NAMES.length}],
      'Org ' || (g % 5000),
      now() - interval '800 days' + g * (interval '780 days' / ${count}),
      now()
    from generate_series(1, ${count}::int) g`;
  const [range] = await sql<{ first: number; last: number }[]>`select min(id)::int as first, max(id)::int as last from customers where email like '%@org%.example'`;
  if (!range || range.last - range.first + 1 !== count) throw new Error("the seeded customers' ids are not contiguous: seed into a new database");
  return range.first;
}

async function seedBatch(sql: postgres.Sql, shape: BatchShape, lo: number, hi: number): Promise<void> {
  await sql.begin(async (tx) => {
    await tx.unsafe(`select setseed(${lo / (shape.total + 1)})`);
    await tx.unsafe(ticketStageSql(shape, lo, hi));
    await tx.unsafe(bodyStageSql(shape));
    await tx.unsafe(articleStageSql());
    await tx.unsafe(ticketInsertSql());
    await tx.unsafe(articleInsertSql());
  });
}

/**
 * Fills customers, tickets and articles with a few large set-based statements, batch by
 * batch on two sessions, then VACUUM ANALYZE. Ticket ids are 1…N: the database must have no
 * tickets yet.
 */
export async function seedTickets(url: string, options: BulkSeedOptions): Promise<SeedTimings> {
  // Session settings for bulk writes: nothing here outlives the sessions or changes the schema.
  const connection = { application_name: "helpdesk-bench-seed", synchronous_commit: "off", work_mem: "256MB", maintenance_work_mem: "1GB" };
  const sql = postgres(url, { max: WORKERS, onnotice: () => {}, connection });
  try {
    const [existing] = await sql<{ any: boolean }[]>`select exists (select 1 from tickets) as any`;
    if (existing?.any) throw new Error("the database has tickets already: seed into a new one");
    const customersStarted = performance.now();
    const customerBase = await seedCustomers(sql, options.customers);
    const customersMs = since(customersStarted);
    options.log(`${options.customers} customers in ${(customersMs / 1000).toFixed(1)} s`);

    const ticketsStarted = performance.now();
    await createScratch(sql);
    options.log(`word and sentence pool in ${(since(ticketsStarted) / 1000).toFixed(1)} s`);
    const shape: BatchShape = { total: options.tickets, customers: options.customers, customerBase, queueIds: options.queueIds, ownerIds: options.ownerIds, sentences: SENTENCES };
    const batches: [number, number][] = [];
    for (let lo = 1; lo <= options.tickets; lo += BATCH_TICKETS) batches.push([lo, Math.min(options.tickets, lo + BATCH_TICKETS - 1)]);
    let done = 0;
    // Each worker's transactions take one of the pool's WORKERS connections.
    const worker = async () => {
      for (let next = batches.shift(); next; next = batches.shift()) {
        await seedBatch(sql, shape, next[0], next[1]);
        done += next[1] - next[0] + 1;
        options.log(`  tickets ${done.toLocaleString("en")}/${options.tickets.toLocaleString("en")} after ${Math.round(since(ticketsStarted) / 1000)} s`);
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, worker));
    await sql`select setval('tickets_id_seq', (select max(id) from tickets))`;
    await sql.unsafe("drop schema bench_seed cascade");
    const ticketsMs = since(ticketsStarted);

    const vacuumStarted = performance.now();
    await sql.unsafe("vacuum analyze");
    const vacuumMs = since(vacuumStarted);
    return { customersMs, ticketsMs, vacuumMs };
  } finally {
    await sql.end({ timeout: 5 });
  }
}
