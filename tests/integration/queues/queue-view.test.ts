import { describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { NotFoundError } from "../../../server/errors";
import { loadQueueBoard } from "../../../server/queues/queue-board";
import { loadQueueView } from "../../../server/queues/queue-view";
import { changeState } from "../../../server/tickets/change-state";
import { loadDashboardTickets } from "../../../server/tickets/dashboard-tickets";
import { lockTicket } from "../../../server/tickets/lock-ticket";
import { actorOf, createAgent, createGroup, createQueue, createTestTicket, grant } from "../../support/factories";

async function setUp() {
  const db = getDb();
  const group = await createGroup(db);
  const queue = await createQueue(db, { group: group.name });
  const alice = actorOf(await createAgent(db, { name: "Alice" }));
  const bob = actorOf(await createAgent(db, { name: "Bob" }));
  await grant(db, alice, group, "rw");
  await grant(db, bob, group, "rw");
  const tickets = [];
  for (let index = 0; index < 7; index++) tickets.push(await createTestTicket(db, { queue: queue.id, actor: alice, title: `T${index}`, priority: index === 5 ? 5 : 3 }));
  return { db, group, queue, alice, bob, tickets };
}

const titles = (page: { tickets: { title: string }[] }) => page.tickets.map((ticket) => ticket.title);

describe("the queue view", () => {
  it("pages by keys, forwards and back, the oldest first", async () => {
    const { db, queue, alice } = await setUp();
    const view = (cursor?: string, before?: string) => loadQueueView(db, alice, { queueId: queue.id, filter: "all", sort: "age", limit: 3, cursor, before });

    const first = await view();
    expect(titles(first.page)).toEqual(["T0", "T1", "T2"]);
    expect(first.firstPage).toBe(true);
    expect(first.page.prevCursor).toBeNull();
    const second = await view(first.page.nextCursor!);
    expect(titles(second.page)).toEqual(["T3", "T4", "T5"]);
    expect(second.firstPage).toBe(false);
    const third = await view(second.page.nextCursor!);
    expect(titles(third.page)).toEqual(["T6"]);
    expect(third.page.nextCursor).toBeNull();
    expect(third.page.endCursor).not.toBeNull();

    expect(titles((await view(undefined, third.page.prevCursor!)).page)).toEqual(["T3", "T4", "T5"]);
    // Fewer than a page before: the first page, full.
    const back = await view(undefined, second.page.prevCursor!);
    expect(titles(back.page)).toEqual(["T0", "T1", "T2"]);
    expect(back.page.prevCursor).toBeNull();

    // After the end: empty now, and the tickets that arrive later are there.
    await createTestTicket(db, { queue: queue.id, actor: alice, title: "T7" });
    expect(titles((await view(third.page.endCursor!)).page)).toEqual(["T7"]);
  });

  it("filters the available tickets, sorts by priority, and knows the states and the move targets", async () => {
    const { db, queue, alice, bob, tickets } = await setUp();
    const otherGroup = await createGroup(db);
    const other = await createQueue(db, { group: otherGroup.name });
    await grant(db, alice, otherGroup, "move_into");
    await lockTicket(db, { actor: bob, number: tickets[1]!.number });

    const available = await loadQueueView(db, alice, { queueId: queue.id, filter: "available", sort: "age", limit: 10 });
    expect(titles(available.page)).toEqual(["T0", "T2", "T3", "T4", "T5", "T6"]);
    const byPriority = await loadQueueView(db, alice, { queueId: queue.id, filter: "all", sort: "priority", limit: 3 });
    expect(titles(byPriority.page)).toEqual(["T5", "T0", "T1"]);
    expect(titles((await loadQueueView(db, alice, { queueId: queue.id, filter: "all", sort: "priority", limit: 3, cursor: byPriority.page.nextCursor! })).page)).toEqual(["T2", "T3", "T4"]);

    expect(available.permissions).toContain("rw");
    expect(available.moveTargets).toEqual([{ id: other.id, name: other.name }]);
    expect(available.stateTypes["closed successful"]).toBe("closed");
  });

  it("is not found for an agent who may not read the queue", async () => {
    const { db, queue } = await setUp();
    const outsider = actorOf(await createAgent(db));
    await expect(loadQueueView(db, outsider, { queueId: queue.id, filter: "all", sort: "age" })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("the dashboard and the board", () => {
  it("lists my locked tickets, the new ones, my reminders; the board has counts, the oldest waiting and the locks", async () => {
    const { db, queue, alice, bob, tickets } = await setUp();
    await lockTicket(db, { actor: alice, number: tickets[0]!.number });
    await lockTicket(db, { actor: bob, number: tickets[1]!.number });
    await changeState(db, { actor: alice, number: tickets[0]!.number, state: "pending reminder", pendingUntil: new Date(Date.now() - 60_000) });
    await lockTicket(db, { actor: alice, number: tickets[2]!.number });
    await changeState(db, { actor: alice, number: tickets[2]!.number, state: "open" });

    const dashboard = await loadDashboardTickets(db, alice);
    // A pending ticket keeps its lock, as in OTRS.
    expect(titles({ tickets: dashboard.locked })).toEqual(["T0", "T2"]);
    expect(titles({ tickets: dashboard.new })).toEqual(["T1", "T3", "T4", "T5", "T6"]);
    expect(titles({ tickets: dashboard.reminders })).toEqual(["T0"]);

    const board = await loadQueueBoard(db, alice);
    const tile = board.queues.find((candidate) => candidate.id === queue.id)!;
    expect(tile.counts).toEqual({ new: 5, open: 1, pending: 1, locked: 3 });
    expect(tile.oldest?.title).toBe("T1");
    expect(board.locks.filter((lock) => lock.queueId === queue.id).map((lock) => [lock.title, lock.owner?.name])).toEqual([
      ["T0", "Alice"],
      ["T1", "Bob"],
      ["T2", "Alice"],
    ]);
  });
});
