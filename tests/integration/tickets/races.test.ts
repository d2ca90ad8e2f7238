/**
 * Races run for real: many database connections released together, their overlap proven in
 * pg_stat_activity, and the outcome checked against the history it left.
 */
import { eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, getDb, type Database } from "../../../db/client";
import { tickets } from "../../../db/schema";
import type { Actor } from "../../../server/auth/actor";
import { TicketLockedError } from "../../../server/errors";
import { takeOverTicket } from "../../../server/tickets/change-owner";
import { createTicket } from "../../../server/tickets/create-ticket";
import { lockTicket } from "../../../server/tickets/lock-ticket";
import { moveTicket } from "../../../server/tickets/move-ticket";
import { replyToTicket } from "../../../server/tickets/reply-to-ticket";
import { isValidTicketNumber } from "../../../server/tickets/ticket-number";
import { createQueue } from "../../support/factories";
import { historyOf } from "../../support/history";
import { createScene, type Scene } from "../../support/scene";

const CONTENDERS = 50;
let scene: Scene;
const connections: Database[] = [];

beforeAll(async () => {
  scene = await createScene(getDb());
  for (let index = 0; index < CONTENDERS; index++) connections.push(connect(process.env.DATABASE_URL!, { max: 1, applicationName: `race-${index}` }));
  // Open every connection now, so that the race itself measures contention, not connecting.
  await Promise.all(connections.map((db) => db.execute(sql`select 1`)));
});

afterAll(async () => {
  await Promise.all(connections.map((db) => db.$client.end({ timeout: 5 })));
});

/**
 * Holds the ticket's row lock while `start` launches the contenders, waits until `expected`
 * of them are blocked on it (seen in pg_stat_activity), then lets them all go at once.
 * Returns what each contender ended with, and how many were seen waiting together.
 */
async function race<T = unknown>(ticketId: number, expected: number, start: () => Promise<T>[]): Promise<{ results: PromiseSettledResult<T>[]; waiting: number }> {
  const gate = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  const watcher = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  try {
    const gateHeld = gate.begin(async (tx) => {
      await tx`select id from tickets where id = ${ticketId} for update`;
      const running = start();
      let waiting = 0;
      const deadline = Date.now() + 20_000;
      while (waiting < expected && Date.now() < deadline) {
        const [row] = await watcher<{ n: number }[]>`
          select count(*)::int as n from pg_stat_activity
          where datname = current_database() and application_name like 'race-%' and wait_event_type = 'Lock'`;
        waiting = row!.n;
        if (waiting < expected) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return { running, waiting };
    });
    const { running, waiting } = await gateHeld;
    return { results: await Promise.allSettled(running), waiting };
  } finally {
    await gate.end();
    await watcher.end();
  }
}

describe("races", () => {
  it("50 agents lock one ticket at once: exactly one owner, 49 answers naming them", async () => {
    const agents: Actor[] = [];
    for (let index = 0; index < CONTENDERS; index++) agents.push(await scene.agent("rw"));
    const ticket = await scene.ticket();

    const { results, waiting } = await race(ticket.id, CONTENDERS, () => agents.map((actor, index) => lockTicket(connections[index]!, { actor, number: ticket.number })));

    expect(waiting).toBe(CONTENDERS);
    const winners = results.filter((result) => result.status === "fulfilled");
    expect(winners).toHaveLength(1);
    const winner = (winners[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof lockTicket>>>).value.owner!;
    const losers = results.filter((result): result is PromiseRejectedResult => result.status === "rejected");
    expect(losers).toHaveLength(CONTENDERS - 1);
    for (const loser of losers) {
      expect(loser.reason).toBeInstanceOf(TicketLockedError);
      expect((loser.reason as TicketLockedError).owner).toEqual(winner);
    }
    const locks = (await historyOf(scene.db, ticket.number)).filter((row) => row.type === "Lock");
    expect(locks.map((row) => row.actorId)).toEqual([winner.id]);
  });

  it("reply, lock, move and takeover on one ticket end consistently, and the history tells it", async () => {
    const target = await createQueue(scene.db, { group: scene.group.name });
    const [replier, locker, mover, supervisor] = [await scene.agent("rw"), await scene.agent("rw"), await scene.agent("rw"), await scene.agent("rw")] as const;
    for (let round = 0; round < 10; round++) {
      const ticket = await scene.ticket();
      const before = (await historyOf(scene.db, ticket.number)).length;
      const { results, waiting } = await race<unknown>(ticket.id, 4, () => [
        replyToTicket(connections[0]!, { actor: replier, number: ticket.number, body: `reply ${round}` }),
        lockTicket(connections[1]!, { actor: locker, number: ticket.number }),
        moveTicket(connections[2]!, { actor: mover, number: ticket.number, queue: target.id }),
        takeOverTicket(connections[3]!, { actor: supervisor, number: ticket.number }),
      ]);
      expect(waiting).toBe(4);
      for (const result of results) if (result.status === "rejected") expect(result.reason).toBeInstanceOf(TicketLockedError);
      // The move and the takeover (owner permission) can never be refused by a lock.
      expect(results[2]!.status).toBe("fulfilled");
      expect(results[3]!.status).toBe("fulfilled");

      const history = (await historyOf(scene.db, ticket.number)).slice(before);
      const [current] = await scene.db.select({ lock: tickets.lock, ownerId: tickets.ownerId, queueId: tickets.queueId, version: tickets.version }).from(tickets).where(eq(tickets.id, ticket.id));
      // The ticket is exactly what its last history row says…
      expect({ lock: history.at(-1)!.lock, ownerId: history.at(-1)!.ownerId, queueId: history.at(-1)!.queueId }).toEqual({ lock: current!.lock, ownerId: current!.ownerId, queueId: current!.queueId });
      expect((history.at(-1)!.snapshot as { version: number }).version).toBe(current!.version);
      // …every successful call left its rows, and a refused one none.
      const succeeded = (index: number) => results[index]!.status === "fulfilled";
      expect(history.some((row) => row.type === "SendAnswer")).toBe(succeeded(0));
      expect(history.filter((row) => row.type === "Move")).toHaveLength(1);
      expect(history.filter((row) => row.type === "OwnerUpdate")).toHaveLength(1);
      // Replaying the rows in id order gives a sane lock story: nobody replies under another's lock.
      let holder: number | null = null;
      for (const row of history) {
        if (row.type === "SendAnswer") expect(holder).toBe(row.actorId);
        holder = row.lock === "locked" ? row.ownerId : null;
      }
    }
  });

  it("1,000 tickets created at once get 1,000 distinct valid numbers", async () => {
    const creator = await scene.agent("rw");
    const perConnection = 1000 / CONTENDERS;
    const created = await Promise.all(
      connections.map(async (db) => {
        const numbers: string[] = [];
        for (let index = 0; index < perConnection; index++) {
          const ticket = await createTicket(db, { actor: creator, queue: scene.queue.id, title: `Parallel ${index}`, customer: { email: "parallel@example.com" }, body: "x" });
          numbers.push(ticket.number);
        }
        return numbers;
      }),
    );
    const numbers = created.flat();
    expect(numbers).toHaveLength(1000);
    expect(new Set(numbers).size).toBe(1000);
    expect(numbers.every(isValidTicketNumber)).toBe(true);
  });
});
