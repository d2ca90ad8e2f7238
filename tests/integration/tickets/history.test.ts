/**
 * ticket_history is the event log: ids in commit order (a slow transaction delays, never
 * reorders, the ids after it), and a NOTIFY only for what committed.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, getDb, type Database } from "../../../db/client";
import { ForbiddenError } from "../../../server/errors";
import { appendHistory, appendHistoryLast } from "../../../server/tickets/history";
import { lockTicket } from "../../../server/tickets/lock-ticket";
import { changeTicket } from "../../../server/tickets/ticket-change";
import { listen } from "../../support/listen";
import { createScene, type Scene } from "../../support/scene";

let scene: Scene;
let slow: Database;
let reader: Database;

beforeAll(async () => {
  scene = await createScene(getDb());
  slow = connect(process.env.DATABASE_URL!, { max: 1 });
  reader = connect(process.env.DATABASE_URL!, { max: 1 });
});

afterAll(async () => {
  await slow.$client.end();
  await reader.$client.end();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function visibleIds(since: number): Promise<number[]> {
  const rows = await reader.execute<{ id: string }>(sql`select id from ticket_history where id > ${since} order by id`);
  return rows.map((row) => Number(row.id));
}

describe("history ids", () => {
  it("are handed out in commit order: a slow commit delays the ids after it, a reader never sees a gap", async () => {
    const alice = await scene.agent("rw");
    const first = await scene.ticket();
    const second = await scene.ticket();
    const [latest] = await reader.execute<{ max: string }>(sql`select coalesce(max(id), 0) as max from ticket_history`);
    const since = Number(latest!.max);

    let slowCommittedAt = 0;
    let holding!: () => void;
    const appended = new Promise<void>((resolve) => (holding = resolve));
    const slowTransaction = slow.transaction(async (tx) => {
      await appendHistory(tx, alice.id, [{ ticketId: first.id, type: "Misc", name: "slow" }]);
      holding();
      await sleep(1_500);
      slowCommittedAt = Date.now();
    });
    // The fast change starts once the slow one holds the append lock, however busy the machine.
    await appended;
    const fast = lockTicket(scene.db, { actor: alice, number: second.number }).then(() => Date.now());

    // While the slow transaction is open, a reader sees neither its id nor any later one.
    const observed: number[][] = [];
    const poller = (async () => {
      while (slowCommittedAt === 0) {
        observed.push(await visibleIds(since));
        await sleep(25);
      }
    })();
    await slowTransaction;
    const fastDoneAt = await fast;
    await poller;
    const all = await visibleIds(since);

    expect(fastDoneAt).toBeGreaterThanOrEqual(slowCommittedAt);
    expect(all).toHaveLength(2);
    const [slowId, fastId] = all as [number, number];
    const [slowRow] = await reader.execute<{ name: string }>(sql`select name from ticket_history where id = ${slowId}`);
    expect(slowRow!.name).toBe("slow");
    expect(fastId).toBeGreaterThan(slowId);
    expect(observed.length).toBeGreaterThan(10);
    for (const snapshot of observed) expect(snapshot).toEqual([]);
  });
});

describe("NOTIFY helpdesk_events", () => {
  it("is delivered only on commit, with the last history id of the transaction", async () => {
    const alice = await scene.agent("rw");
    const ticket = await scene.ticket();
    const events = await listen("helpdesk_events");
    try {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const transaction = slow.transaction(async (tx) => {
        const { ids } = await appendHistory(tx, alice.id, [
          { ticketId: ticket.id, type: "Misc", name: "one" },
          { ticketId: ticket.id, type: "Misc", name: "two" },
        ]);
        await held;
        return ids;
      });
      await expect(events.next(500)).rejects.toThrow("no NOTIFY");
      release();
      const ids = await transaction;
      expect(await events.next()).toBe(String(ids.at(-1)));
      expect(events.received).toHaveLength(1);
    } finally {
      await events.close();
    }
  });

  it("is never sent for a change that rolled back or was refused", async () => {
    const reader = await scene.agent("ro");
    const alice = await scene.agent("rw");
    const ticket = await scene.ticket();
    const events = await listen("helpdesk_events");
    try {
      await expect(
        changeTicket(scene.db, { actor: alice, number: ticket.number }, async (change) => {
          await change.update({ title: "doomed" });
          change.record({ type: "TitleUpdate", name: "doomed", changes: ["title"] });
          await appendHistory(change.tx, alice.id, change.entries.splice(0));
          throw new Error("something failed after the history was written");
        }),
      ).rejects.toThrow("something failed");
      await expect(lockTicket(scene.db, { actor: reader, number: ticket.number })).rejects.toBeInstanceOf(ForbiddenError);
      await expect(events.next(700)).rejects.toThrow("no NOTIFY");
      const [row] = await scene.db.execute<{ n: number }>(sql`select count(*)::int as n from ticket_history where ticket_id = ${ticket.id} and name = 'doomed'`);
      expect(row!.n).toBe(0);
    } finally {
      await events.close();
    }
  });
});

describe("appendHistoryLast", () => {
  it("sends the append with the commit: its rows are known once the transaction is over", async () => {
    const ticket = await scene.ticket();
    const events = await listen("helpdesk_events");
    try {
      const pending = await scene.db.transaction(async (tx) => {
        await tx.execute(sql`update tickets set title = 'sent with the commit' where id = ${ticket.id}`);
        return appendHistoryLast(tx, null, [{ ticketId: ticket.id, type: "TitleUpdate", name: "sent with the commit", changes: ["title"] }]);
      });
      const { ids, views } = await pending.appended;
      expect(ids).toHaveLength(1);
      expect(views.get(ticket.id)).toMatchObject({ number: ticket.number, title: "sent with the commit" });
      expect(await events.next()).toBe(String(ids[0]));
      expect(await visibleIds(ids[0]! - 1)).toContain(ids[0]);
    } finally {
      await events.close();
    }
  });

  it("a failing append rolls the whole transaction back, and its error reaches the caller", async () => {
    const ticket = await scene.ticket();
    const events = await listen("helpdesk_events");
    try {
      const pending = await scene.db.transaction(async (tx) => {
        await tx.execute(sql`update tickets set title = 'must not stay' where id = ${ticket.id}`);
        // A history row without a name violates NOT NULL inside the append statement.
        return appendHistoryLast(tx, null, [{ ticketId: ticket.id, type: "TitleUpdate", name: null as unknown as string }]);
      });
      await expect(pending.appended).rejects.toThrow(/null value/);
      const [row] = await scene.db.execute<{ title: string }>(sql`select title from tickets where id = ${ticket.id}`);
      expect(row!.title).toBe(ticket.title);
      await expect(events.next(700)).rejects.toThrow("no NOTIFY");
    } finally {
      await events.close();
    }
  });
});

describe("appendHistory's reads", () => {
  it("look each ticket up by its id, even with a plan cached while the tables were small", async () => {
    const ticket = await scene.ticket();
    const scans = async () => {
      await slow.execute(sql`select pg_stat_force_next_flush()`);
      const rows = await slow.execute<{ relname: string; seq_scan: number }>(sql`select relname, seq_scan::int from pg_stat_user_tables where relname in ('tickets', 'customers') order by relname`);
      return rows.map((row) => `${row.relname} ${row.seq_scan}`);
    };
    const append = () => slow.transaction((tx) => appendHistory(tx, null, [{ ticketId: ticket.id, type: "TitleUpdate", name: "looked up", changes: ["title"] }]));
    // PostgreSQL settles on a generic plan after five calls on a connection; that plan is measured.
    for (let call = 0; call < 6; call++) await append();

    const before = await scans();
    for (let call = 0; call < 3; call++) await append();

    expect(await scans()).toEqual(before);
  });
});
