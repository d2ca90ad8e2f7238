import { randomBytes } from "node:crypto";
import postgres from "postgres";

/** The same server as `url`, database `name`. */
export function databaseUrl(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

export function uniqueDatabaseName(prefix: string): string {
  return `${prefix}${randomBytes(4).toString("hex")}`;
}

async function withServer<T>(url: string, work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await work(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Creates a database, optionally as a copy of a template (which must have no open connections). */
export async function createDatabase(serverUrl: string, name: string, template?: string): Promise<string> {
  await withServer(serverUrl, async (sql) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await sql.unsafe(`create database "${name}"${template ? ` template "${template}"` : ""}`);
        return;
      } catch (error) {
        // Two files copying one template at the same instant: PostgreSQL refuses the second.
        if ((error as postgres.PostgresError).code !== "55006" || attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
      }
    }
  });
  return databaseUrl(serverUrl, name);
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withServer(serverUrl, (sql) => sql.unsafe(`drop database if exists "${name}" with (force)`));
}

export async function dropDatabasesWithPrefix(serverUrl: string, prefix: string): Promise<void> {
  await withServer(serverUrl, async (sql) => {
    const rows = await sql<{ datname: string }[]>`select datname from pg_database where starts_with(datname, ${prefix})`;
    for (const row of rows) await sql.unsafe(`drop database if exists "${row.datname}" with (force)`);
  });
}
