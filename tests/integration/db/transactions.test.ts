import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { recordingRelay } from "../../support/recording-relay";

/**
 * postgres.js 3.4.9 could write a transaction's BEGIN without reserving its connection (when
 * the BEGIN filled the connection's pipeline, or the socket pushed back), and handed a
 * transaction's connection back to the pool when its socket drained between statements: the
 * transaction failed with UNSAFE_TRANSACTION, or other queries of the pool ran inside it.
 * patches/postgres+3.4.9.patch fixes both; this saturates a pool as the mail workers do.
 */
// max_pipeline (postgres.js reads it, its types leave it out) small, so that a BEGIN soon fills a connection's pipeline.
const options = { max: 3, max_pipeline: 2, onnotice: () => {} };
const sql = postgres(process.env.DATABASE_URL!, options);

afterAll(() => sql.end({ timeout: 5 }));

/**
 * Whether the statement runs inside one of the transactions below, which mark themselves by
 * setting application_name for the transaction. Sent at once (`then`, not `await` in an async
 * function, which would send it a microtask later) and without parameters (postgres.js
 * describes a statement with parameters first, which keeps it from pipelining), so that it is
 * pipelined on a busy connection right before a BEGIN.
 */
const insideATransaction = () => sql<{ inside: boolean }[]>`select current_setting('application_name') = 'marked' as inside`.then(([row]) => row!.inside);

describe("transactions on a saturated pool", () => {
  it("reserve their connection for themselves, and plain queries never run inside one", async () => {
    await Promise.all(Array.from({ length: 3 }, () => sql`select 1`));
    for (let round = 0; round < 10; round++) {
      // Every connection busy, so that what follows is pipelined behind these.
      const holding = Array.from({ length: 3 }, () => sql`select pg_sleep(0.1)`.execute());
      await new Promise((resolve) => setTimeout(resolve, 20));
      const work = Array.from({ length: 11 }, (_, index) =>
        index % 2 === 0
          ? insideATransaction()
          : sql.begin(async (tx) => {
              await tx`select set_config('application_name', 'marked', true)`;
              const [started] = await tx<{ pid: number }[]>`select pg_backend_pid() as pid`;
              await tx`select pg_sleep(0.01)`;
              const [ended] = await tx<{ same: boolean }[]>`select pg_backend_pid() = ${started!.pid} as same`;
              return ended!.same;
            }),
      );
      await Promise.all(holding);
      expect(await Promise.all(work)).toEqual(Array.from({ length: 11 }, (_, index) => index % 2 === 1));
    }
  });
});

describe("a transaction's first statement", () => {
  it("goes to the database in the same write as its BEGIN, and runs inside the transaction", async () => {
    const relay = await recordingRelay();
    const client = postgres(relay.url, { max: 1, onnotice: () => {} });
    try {
      await client`create temporary table probe (n int)`;
      relay.written.length = 0;

      const rolledBack = client.begin(async (tx) => {
        await tx`insert into probe values (1) returning 'first statement'`;
        throw new Error("rolled back");
      });

      await expect(rolledBack).rejects.toThrow("rolled back");
      expect(relay.written.some((chunk) => /begin/i.test(chunk) && chunk.includes("first statement"))).toBe(true);
      expect(await client`select count(*)::int as n from probe`).toEqual([{ n: 0 }]);
    } finally {
      await client.end({ timeout: 5 });
      relay.close();
    }
  });
});
