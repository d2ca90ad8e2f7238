import net from "node:net";
import postgres from "postgres";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";

/**
 * How patches/postgres+3.4.9.patch has postgres.js use its socket. On this kind of machine a
 * write to a loopback socket costs more than a short statement (it wakes the server), and a
 * write held back costs a round trip.
 */
const sql = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });

afterEach(() => {
  vi.restoreAllMocks();
});
afterAll(() => sql.end({ timeout: 5 }));

describe("the database connection's socket", () => {
  it("sends the statements of one tick in one write, one of more than 1 KB included", async () => {
    const statements = () => [
      sql`select length(${"x".repeat(5_000)}::text) as n`.execute(),
      sql`select ${1}::int as n`.execute(),
      sql`select ${2}::int as n`.execute(),
    ];
    // Prepared on the connection first: a new statement waits for its description.
    await Promise.all(statements());
    const write = vi.spyOn(net.Socket.prototype, "write");

    const results = await Promise.all(statements());

    expect(results.map(([row]) => row!.n)).toEqual([5_000, 1, 2]);
    expect(write).toHaveBeenCalledTimes(1);
  });

  it("is set to TCP_NODELAY, so that a short write after a long one is not held back by Nagle's algorithm", async () => {
    const setNoDelay = vi.spyOn(net.Socket.prototype, "setNoDelay");
    const fresh = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      await fresh`select 1`;
      expect(setNoDelay).toHaveBeenCalledWith(true);
    } finally {
      await fresh.end({ timeout: 5 });
    }
  });
});
