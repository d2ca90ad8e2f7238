import { readFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { afterAll, describe, expect, inject, it } from "vitest";
import { migrateDatabase } from "../../../db/migrate";
import { helpdeskProcess } from "../../support/cli";
import { createDatabase, uniqueDatabaseName } from "../../support/databases";

const { serverUrl, prefix } = inject("testDatabases");
const journal = JSON.parse(readFileSync(path.resolve("db/migrations/meta/_journal.json"), "utf8")) as { entries: unknown[] };
const clients: postgres.Sql[] = [];

function inspect(url: string) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  clients.push(sql);
  return sql;
}

afterAll(async () => {
  await Promise.all(clients.map((sql) => sql.end()));
});

const EXPECTED_TABLES = [
  "agent_groups",
  "agent_my_queues",
  "agent_notification_preferences",
  "agents",
  "api_tokens",
  "articles",
  "attachments",
  "audit_log",
  "auto_responses",
  "customers",
  "ended_sessions",
  "groups",
  "inbound_messages",
  "mail_accounts",
  "notifications",
  "outbox",
  "postmaster_filters",
  "queue_auto_responses",
  "queues",
  "sign_in_attempts",
  "template_queues",
  "templates",
  "ticket_counters",
  "ticket_history",
  "ticket_links",
  "ticket_priorities",
  "ticket_states",
  "tickets",
];

async function tables(sql: postgres.Sql) {
  const rows = await sql<{ table_name: string }[]>`select table_name from information_schema.tables where table_schema = 'public' order by table_name`;
  return rows.map((row) => row.table_name);
}

async function appliedMigrations(sql: postgres.Sql) {
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
  return row!.n;
}

describe("migrateDatabase", () => {
  it("applies every committed migration to an empty database", async () => {
    const url = await createDatabase(serverUrl, uniqueDatabaseName(prefix));
    await migrateDatabase(url);
    const sql = inspect(url);
    expect(await tables(sql)).toEqual(EXPECTED_TABLES);
    expect(await appliedMigrations(sql)).toBe(journal.entries.length);
  });

  it("does nothing the second time", async () => {
    const url = await createDatabase(serverUrl, uniqueDatabaseName(prefix));
    await migrateDatabase(url);
    await migrateDatabase(url);
    expect(await appliedMigrations(inspect(url))).toBe(journal.entries.length);
  });

  it("lets two processes that start at once migrate once between them", async () => {
    const url = await createDatabase(serverUrl, uniqueDatabaseName(prefix));
    const results = await Promise.all([helpdeskProcess(["db:migrate"], { DATABASE_URL: url }), helpdeskProcess(["db:migrate"], { DATABASE_URL: url })]);
    expect(results.map((result) => result.code)).toEqual([0, 0]);
    const sql = inspect(url);
    expect(await appliedMigrations(sql)).toBe(journal.entries.length);
    expect(await tables(sql)).toEqual(EXPECTED_TABLES);
  });
});
