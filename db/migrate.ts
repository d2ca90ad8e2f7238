import path from "node:path";
import { fileURLToPath } from "node:url";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { connect } from "./client";

const MIGRATIONS = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");
/** Advisory lock key for schema changes ("helpdesk" as ASCII), held for the whole migration. */
const MIGRATION_LOCK = 0x68656c7064657368n;

/**
 * Applies pending migrations. Processes that start at once queue on a session advisory lock,
 * so exactly one migrates and the others find nothing left to do.
 */
export async function migrateDatabase(url: string): Promise<void> {
  const db = connect(url, { max: 1, applicationName: "helpdesk-migrate" });
  const sql = db.$client;
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK.toString()}::bigint)`;
    await migrate(db, { migrationsFolder: MIGRATIONS });
  } finally {
    await sql`select pg_advisory_unlock(${MIGRATION_LOCK.toString()}::bigint)`.catch(() => {});
    await sql.end({ timeout: 5 });
  }
}
