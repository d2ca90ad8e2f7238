import { fillPlaceholders, type Query, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type postgres from "postgres";
import type { Db } from "./client";

const dialect = new PgDialect();

/**
 * A statement built once, at module load, with `sql.placeholder`s for what changes per call:
 * on the hottest paths, drizzle's query building cost more Node time than sending the query.
 */
export function prebuildQuery(statement: SQL): Query {
  return dialect.sqlToQuery(statement);
}

/**
 * Sends a prebuilt query on the handle's connection (a transaction's, when `db` is one),
 * queued there ahead of whatever the caller sends next; `.execute()` sends it at once, even
 * before the caller awaits it.
 */
export function runPrebuiltQuery<Row extends object>(db: Db, query: Query, values: Record<string, unknown>): Promise<Row[]> {
  // drizzle keeps the postgres.js client (a transaction's own, inside one) on its session.
  const client = (db as unknown as { session: { client: postgres.Sql } }).session.client;
  return client.unsafe<Row[]>(query.sql, fillPlaceholders(query.params, values) as postgres.ParameterOrJSON<never>[]).execute();
}
