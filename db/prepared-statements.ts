import type postgres from "postgres";

type Unsafe = postgres.Sql["unsafe"];
type Begin = (...args: unknown[]) => unknown;

/**
 * Makes every query of the client (and of its transactions and savepoints) a named prepared
 * statement. drizzle sends its queries through `unsafe`, which postgres.js leaves unprepared,
 * so PostgreSQL would parse and plan every statement on every call — measured at ~12 ms of a
 * mail's ~30 statements. postgres.js keeps one prepared statement per distinct query text and
 * connection, and drops them when the connection is recycled.
 */
export function preparedStatements<T extends postgres.Sql>(sql: T): T {
  const unsafe = sql.unsafe.bind(sql) as (query: string, args?: unknown[], options?: postgres.UnsafeQueryOptions) => ReturnType<Unsafe>;
  (sql as { unsafe: unknown }).unsafe = (query: string, args?: unknown[], options?: postgres.UnsafeQueryOptions) => unsafe(query, args ?? [], { ...options, prepare: true });
  for (const method of ["begin", "savepoint"] as const) {
    const original = (sql as unknown as Record<string, Begin | undefined>)[method];
    if (!original) continue;
    (sql as unknown as Record<string, Begin>)[method] = (...args: unknown[]) => {
      const callback = args.at(-1) as (transaction: postgres.Sql) => unknown;
      return original.apply(sql, [...args.slice(0, -1), (transaction: postgres.Sql) => callback(preparedStatements(transaction))]);
    };
  }
  return sql;
}
