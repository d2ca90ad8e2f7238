import postgres from "postgres";

/**
 * Makes `change` in a transaction, starts `attempt` (on a handle that connects as
 * `applicationName`), waits until that backend waits for a lock the transaction holds, then
 * commits: the attempt read the database before the change and meets it half-way. Returns what
 * the attempt ended with, a thrown error included.
 */
export async function attemptBehindCommit(applicationName: string, change: (tx: postgres.TransactionSql) => Promise<unknown>, attempt: () => Promise<unknown>): Promise<unknown> {
  const url = process.env.DATABASE_URL!;
  const changer = postgres(url, { max: 1, onnotice: () => {} });
  const watcher = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const started = await changer.begin(async (tx) => {
      await change(tx);
      const running = attempt().catch((caught: unknown) => caught);
      for (let waiting = 0; waiting === 0; ) {
        const [row] = await watcher<{ n: number }[]>`select count(*)::int as n from pg_stat_activity where application_name = ${applicationName} and wait_event_type = 'Lock'`;
        waiting = row!.n;
      }
      return { running };
    });
    return await started.running;
  } finally {
    await Promise.all([changer.end(), watcher.end()]);
  }
}
