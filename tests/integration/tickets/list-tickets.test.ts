import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "../../../db/client";
import { InvalidInputError, NotFoundError } from "../../../server/errors";
import { addNote } from "../../../server/tickets/add-note";
import { changeState } from "../../../server/tickets/change-state";
import { listTickets } from "../../../server/tickets/list-tickets";
import { lockTicket } from "../../../server/tickets/lock-ticket";
import { replyToTicket } from "../../../server/tickets/reply-to-ticket";
import type { ApiTicket } from "../../../server/tickets/ticket-view";
import { createGroup, createQueue, createTestTicket, grant } from "../../support/factories";
import { createScene, type Scene } from "../../support/scene";

let scene: Scene;
beforeEach(async () => {
  scene = await createScene(getDb());
});

const numbers = (tickets: ApiTicket[]) => tickets.map((ticket) => ticket.number);

describe("listTickets", () => {
  it("lists a queue's open tickets oldest first, or by priority then age", async () => {
    const alice = await scene.agent("rw");
    const first = await scene.ticket({ priority: 2 });
    const second = await scene.ticket({ priority: 5 });
    const third = await scene.ticket({ priority: 2 });
    const closed = await scene.ticket();
    await changeState(scene.db, { actor: alice, number: closed.number, state: "closed successful" });

    expect(numbers((await listTickets(scene.db, alice, { queue: scene.queue.id })).tickets)).toEqual([first.number, second.number, third.number]);
    expect(numbers((await listTickets(scene.db, alice, { queue: scene.queue.name, sort: "priority" })).tickets)).toEqual([second.number, first.number, third.number]);
    expect(numbers((await listTickets(scene.db, alice, { queue: scene.queue.id, state: "closed" })).tickets)).toEqual([closed.number]);
    expect((await listTickets(scene.db, alice, { queue: scene.queue.id, state: "all" })).tickets).toHaveLength(4);
  });

  it("filters by lock, owner and customer", async () => {
    const alice = await scene.agent("rw");
    const bob = await scene.agent("rw");
    const mine = await scene.ticket({ customer: { email: "filter-me@example.com" } });
    const theirs = await scene.ticket();
    await scene.ticket();
    await lockTicket(scene.db, { actor: alice, number: mine.number });
    await lockTicket(scene.db, { actor: bob, number: theirs.number });

    expect((await listTickets(scene.db, alice, { queue: scene.queue.id, lock: "unlocked" })).tickets).toHaveLength(1);
    expect(numbers((await listTickets(scene.db, alice, { queue: scene.queue.id, lock: "locked", owner: bob.login.toUpperCase() })).tickets)).toEqual([theirs.number]);
    expect(numbers((await listTickets(scene.db, alice, { customer: "FILTER-ME@example.com" })).tickets)).toEqual([mine.number]);
    expect((await listTickets(scene.db, alice, { owner: "nobody" })).tickets).toEqual([]);
  });

  it("pages with a cursor: every ticket once, in order, however the pages fall", async () => {
    const alice = await scene.agent("rw");
    const created: string[] = [];
    for (let index = 0; index < 7; index++) created.push((await scene.ticket({ priority: (index % 3) + 1 })).number);
    // Same creation instant to the microsecond for two tickets: the id breaks the tie.
    await scene.db.execute(sql`update tickets set created_at = (select created_at from tickets where number = ${created[0]!}) where number = ${created[1]!}`);

    for (const sort of ["age", "priority"] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listTickets(scene.db, alice, { queue: scene.queue.id, sort, limit: 3, cursor });
        seen.push(...numbers(page.tickets));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      const all = numbers((await listTickets(scene.db, alice, { queue: scene.queue.id, sort, limit: 100 })).tickets);
      expect(seen).toEqual(all);
      expect(new Set(seen).size).toBe(7);
    }
  });

  it("refuses a bad cursor and a limit out of range, naming the field", async () => {
    const alice = await scene.agent("rw");
    await expect(listTickets(scene.db, alice, { cursor: "garbage" })).rejects.toMatchObject({ field: "cursor" });
    const page = await listTickets(scene.db, alice, { queue: scene.queue.id, limit: 1 });
    await scene.ticket();
    await scene.ticket();
    const ageCursor = (await listTickets(scene.db, alice, { queue: scene.queue.id, limit: 1 })).nextCursor!;
    await expect(listTickets(scene.db, alice, { queue: scene.queue.id, sort: "priority", cursor: ageCursor })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(listTickets(scene.db, alice, { limit: 0 })).rejects.toMatchObject({ field: "limit" });
    await expect(listTickets(scene.db, alice, { limit: 101 })).rejects.toMatchObject({ field: "limit" });
    expect(page.nextCursor).toBeNull();
  });

  it("searches titles and every article, and only in readable queues", async () => {
    const alice = await scene.agent("rw");
    const titled = await scene.ticket({ title: "Quokka invasion" });
    const replied = await scene.ticket();
    await replyToTicket(scene.db, { actor: alice, number: replied.number, body: "The quokka left the building." });
    await addNote(scene.db, { actor: alice, number: titled.number, body: "A wombat was seen too." });
    const hiddenGroup = await createGroup(scene.db);
    await createTestTicket(scene.db, { queue: (await createQueue(scene.db, { group: hiddenGroup.name })).id, title: "Quokka elsewhere" });

    expect(numbers((await listTickets(scene.db, alice, { q: "quokka" })).tickets).sort()).toEqual([titled.number, replied.number].sort());
    expect(numbers((await listTickets(scene.db, alice, { q: "quokka building" })).tickets)).toEqual([replied.number]);
    expect(numbers((await listTickets(scene.db, alice, { q: '"quokka invasion"' })).tickets)).toEqual([titled.number]);
    expect((await listTickets(scene.db, alice, { q: "quokka -building" })).tickets.map((ticket) => ticket.number)).toEqual([titled.number]);
    expect(numbers((await listTickets(scene.db, alice, { q: "wombat" })).tickets)).toEqual([titled.number]);
    await grant(scene.db, alice, hiddenGroup, "ro");
    expect((await listTickets(scene.db, alice, { q: "quokka" })).tickets).toHaveLength(3);
  });

  it("filters by creation date: whole days inclusive, or exact instants; paging keeps the filter", async () => {
    const alice = await scene.agent("rw");
    const made: string[] = [];
    for (const at of ["2026-03-01T23:59:59.999Z", "2026-03-02T00:00:00Z", "2026-03-02T12:00:00Z", "2026-03-03T23:59:59.999Z", "2026-03-04T00:00:00Z"]) {
      const ticket = await scene.ticket();
      await scene.db.execute(sql`update tickets set created_at = ${at}::timestamptz where number = ${ticket.number}`);
      made.push(ticket.number);
    }
    const list = async (filters: { createdFrom?: string; createdTo?: string }, limit = 50) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listTickets(scene.db, alice, { queue: scene.queue.id, state: "all", limit, cursor, ...filters });
        seen.push(...numbers(page.tickets));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return seen;
    };

    expect(await list({ createdFrom: "2026-03-02" })).toEqual(made.slice(1));
    expect(await list({ createdTo: "2026-03-03" })).toEqual(made.slice(0, 4));
    expect(await list({ createdFrom: "2026-03-02", createdTo: "2026-03-03" })).toEqual(made.slice(1, 4));
    expect(await list({ createdFrom: "2026-03-02", createdTo: "2026-03-03" }, 1)).toEqual(made.slice(1, 4));
    expect(await list({ createdFrom: "2026-03-02", createdTo: "2026-03-02" }, 1)).toEqual(made.slice(1, 3));
    expect(await list({ createdFrom: "2026-03-02T06:00:00Z", createdTo: "2026-03-02T12:00:00.000Z" })).toEqual([made[2]]);
    expect(await list({ createdFrom: "2026-03-02T01:00:00+01:00" })).toEqual(made.slice(1));
    expect(await list({ createdFrom: "2026-03-05" })).toEqual([]);
    expect(await list({ createdFrom: "2026-03-03", createdTo: "2026-03-02" })).toEqual([]);

    // A day is the system's day: in Berlin (UTC+1 in March) 2 March starts at 23:00 UTC on the 1st.
    vi.stubEnv("HELPDESK_TIMEZONE", "Europe/Berlin");
    try {
      expect(await list({ createdFrom: "2026-03-02", createdTo: "2026-03-03" })).toEqual(made.slice(0, 3));
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("refuses a creation date that is not a date, naming the field", async () => {
    const alice = await scene.agent("rw");
    await expect(listTickets(scene.db, alice, { createdFrom: "yesterday" })).rejects.toMatchObject({ field: "createdFrom" });
    await expect(listTickets(scene.db, alice, { createdTo: "2026-02-30" })).rejects.toMatchObject({ field: "createdTo" });
    await expect(listTickets(scene.db, alice, { createdTo: "2026-13-01" })).rejects.toBeInstanceOf(InvalidInputError);
  });

  it("hides unreadable queues: listing one is not found", async () => {
    const noter = await scene.agent("note");
    await scene.ticket();
    await expect(listTickets(scene.db, noter, { queue: scene.queue.id })).rejects.toBeInstanceOf(NotFoundError);
    expect((await listTickets(scene.db, noter, {})).tickets).toEqual([]);
  });
});
