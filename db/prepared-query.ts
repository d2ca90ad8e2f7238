import type { Db } from "./client";

const prepared = new WeakMap<Db, Map<string, unknown>>();

/**
 * drizzle's prepared query (`.prepare(name)`, with `sql.placeholder`s) on this handle, built
 * on its first use and kept with the handle: on the hottest paths, building a query with
 * drizzle cost more Node time than running it. Given a transaction, it works, but is built
 * again for each one.
 */
export function preparedQuery<Query>(db: Db, name: string, build: (db: Db) => Query): Query {
  let queries = prepared.get(db);
  if (!queries) prepared.set(db, (queries = new Map()));
  if (!queries.has(name)) queries.set(name, build(db));
  return queries.get(name) as Query;
}
