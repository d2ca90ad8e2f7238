import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";

/** The web app's connections: db/client.ts names them so. */
const APP_NAME = "helpdesk";
const INTERVAL_MS = 50;

/**
 * Samples what the web app's busy PostgreSQL backends are doing, every 50 ms, until `stop()`:
 * on CPU, waiting on a lock (which), on I/O, or idle in a transaction while the app works out
 * its next statement. Shares of all samples of busy backends, largest first.
 */
export function sampleWaits(db: Database, databaseName: string): { stop: () => Promise<string> } {
  const counts = new Map<string, number>();
  let running = true;
  const loop = (async () => {
    while (running) {
      const rows = await db.execute<{ what: string }>(sql`
        select case
          when state = 'idle in transaction' or wait_event = 'ClientRead' then 'ClientRead (waiting for the app)'
          when wait_event_type is null then 'running'
          else wait_event_type || ':' || wait_event end as what
        from pg_stat_activity
        where datname = ${databaseName} and application_name = ${APP_NAME} and state in ('active', 'idle in transaction')`);
      for (const row of rows) counts.set(row.what, (counts.get(row.what) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      const total = [...counts.values()].reduce((sum, value) => sum + value, 0);
      if (total === 0) return "no busy backend seen";
      return [...counts]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 6)
        .map(([what, value]) => `${what} ${Math.round((value / total) * 100)} %`)
        .join(", ");
    },
  };
}
