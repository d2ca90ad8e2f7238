import { availableParallelism } from "node:os";
import { drizzle, type PostgresJsDatabase, type PostgresJsQueryResultHKT } from "drizzle-orm/postgres-js";
import type { PgDatabase } from "drizzle-orm/pg-core";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import postgres from "postgres";
import { preparedStatements } from "./prepared-statements";
import * as schema from "./schema";

export type Schema = typeof schema;
/** A database handle or an open transaction: domain functions accept either. */
export type Db = PgDatabase<PostgresJsQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Database = PostgresJsDatabase<Schema> & { $client: postgres.Sql };

export class DatabaseUrlMissingError extends Error {
  constructor() {
    super("DATABASE_URL is not set: start the helpdesk with `npm start`, which provides it, or set it to a PostgreSQL URL");
    this.name = "DatabaseUrlMissingError";
  }
}

export interface ConnectOptions {
  max?: number;
  applicationName?: string;
}

export function connect(url: string, options: ConnectOptions = {}): Database {
  const client = preparedStatements(postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    // Reconnect within two seconds once the database is back (postgres.js's default backs off to 20 s).
    backoff: (attempt: number) => Math.min(0.05 * 2 ** attempt, 2),
    // JIT compilation costs tens of milliseconds and pays off only for long analytical queries.
    connection: { application_name: options.applicationName ?? "helpdesk", jit: "off" },
  }));
  return drizzle(client, { schema });
}

/**
 * The shared pool's size: two connections per core. More transactions in flight than the
 * cores can run only queue inside PostgreSQL, on the history append's lock, instead of in the
 * pool: on 2 cores (tickets bench, Dec 6) 4 connections served 346–458 lock/reply/unlock
 * requests/s with the 50-agent lock race's p99 at 58–78 ms, where 10 served 293–372 req/s at
 * 64–118 ms.
 */
export function sharedPoolSize(cores = availableParallelism()): number {
  return Math.max(4, 2 * cores);
}

// One pool per process; kept on globalThis so that Next's dev reloads do not open a new pool each time.
const holder = globalThis as typeof globalThis & { helpdeskDb?: Database };

export function getDb(): Database {
  if (!holder.helpdeskDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new DatabaseUrlMissingError();
    holder.helpdeskDb = connect(url, { max: sharedPoolSize() });
  }
  return holder.helpdeskDb;
}

export async function closeDb(): Promise<void> {
  const db = holder.helpdeskDb;
  holder.helpdeskDb = undefined;
  await db?.$client.end({ timeout: 5 });
}
