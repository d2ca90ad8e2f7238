import { describe, expect, it } from "vitest";
import { applyDashboardTicket, initialDashboardLists, remindersReached, type DashboardContext } from "../../../lib/dashboard-lists";
import { applyTicket, initialQueueList, type QueueListContext } from "../../../lib/queue-list";
import { formatAge } from "../../../lib/ticket-age";
import type { ApiTicket } from "../../../server/tickets/ticket-view";

const STATES = { new: "new", open: "open", "pending reminder": "pending_reminder", "closed successful": "closed", merged: "merged" };
const alice = { id: 1, login: "alice", name: "Alice" };
const bob = { id: 2, login: "bob", name: "Bob" };

function ticket(id: number, overrides: Partial<ApiTicket> = {}): ApiTicket {
  return {
    id,
    number: `2026010110${String(id).padStart(5, "0")}1`,
    title: `Ticket ${id}`,
    queue: { id: 7, name: "Support" },
    state: "new",
    lock: "unlocked",
    owner: null,
    priority: 3,
    customer: { email: "c@example.com", name: null },
    version: 1,
    pendingUntil: null,
    createdAt: `2026-01-01T10:${String(id).padStart(2, "0")}:00.000Z`,
    updatedAt: "2026-01-01T10:00:00.000Z",
    ...overrides,
  };
}

const context = (overrides: Partial<QueueListContext> = {}): QueueListContext => ({ queueId: 7, filter: "all", sort: "age", limit: 3, firstPage: true, lastPage: true, stateTypes: STATES, ...overrides });
const ids = (tickets: ApiTicket[]) => tickets.map((row) => row.id);

describe("the queue view's list", () => {
  it("updates a shown ticket only from a newer version", () => {
    const list = initialQueueList([ticket(1, { version: 3 })]);
    const locked = applyTicket(list, context(), ticket(1, { version: 4, lock: "locked", owner: bob }));
    expect(locked.tickets[0]!.owner).toEqual(bob);
    const stale = applyTicket(locked, context(), ticket(1, { version: 3 }));
    expect(stale).toBe(locked);
  });

  it("drops a ticket moved away, closed or merged, and never brings it back from an older event", () => {
    const list = initialQueueList([ticket(1), ticket(2)]);
    const moved = applyTicket(list, context(), ticket(1, { version: 2, queue: { id: 8, name: "Sales" } }));
    expect(ids(moved.tickets)).toEqual([2]);
    const closed = applyTicket(moved, context(), ticket(2, { version: 2, state: "closed successful" }));
    expect(closed.tickets).toEqual([]);
    expect(applyTicket(closed, context(), ticket(1, { version: 1 })).tickets).toEqual([]);
  });

  it("takes a new or moved-in ticket in its place while it fits, and counts it elsewhere when it does not", () => {
    let list = initialQueueList([ticket(2), ticket(4)]);
    list = applyTicket(list, context(), ticket(3));
    expect(ids(list.tickets)).toEqual([2, 3, 4]);
    // The page is full: a newer one belongs on the next page.
    list = applyTicket(list, context(), ticket(5));
    expect(ids(list.tickets)).toEqual([2, 3, 4]);
    expect(list.elsewhere).toEqual([5]);
    // It leaves the queue: the notice forgets it.
    list = applyTicket(list, context(), ticket(5, { version: 2, state: "closed successful" }));
    expect(list.elsewhere).toEqual([]);
    // Not the first page: an older ticket belongs on an earlier one.
    const later = applyTicket(initialQueueList([ticket(10)]), context({ firstPage: false }), ticket(9));
    expect(later.tickets.map((row) => row.id)).toEqual([10]);
    expect(later.elsewhere).toEqual([9]);
    // Not the last page: one newer than the last row belongs further on.
    const middle = applyTicket(initialQueueList([ticket(10)]), context({ lastPage: false }), ticket(11));
    expect(middle.elsewhere).toEqual([11]);
  });

  it("keeps the priority order", () => {
    let list = initialQueueList([ticket(1, { priority: 5 }), ticket(2, { priority: 3 })]);
    list = applyTicket(list, context({ sort: "priority", limit: 10 }), ticket(3, { priority: 4 }));
    expect(ids(list.tickets)).toEqual([1, 3, 2]);
    list = applyTicket(list, context({ sort: "priority", limit: 10 }), ticket(2, { priority: 5, version: 2 }));
    expect(ids(list.tickets)).toEqual([1, 2, 3]);
  });

  it("in the available view keeps a shown ticket someone locks, and takes no locked ticket in", () => {
    const available = context({ filter: "available", limit: 10 });
    let list = applyTicket(initialQueueList([ticket(1)]), available, ticket(1, { version: 2, lock: "locked", owner: bob }));
    expect(list.tickets[0]!.lock).toBe("locked");
    list = applyTicket(list, available, ticket(2, { lock: "locked", owner: bob }));
    expect(ids(list.tickets)).toEqual([1]);
    expect(list.elsewhere).toEqual([]);
  });
});

describe("the dashboard's lists", () => {
  const dashboard: DashboardContext = { agentId: alice.id, queueIds: [7], stateTypes: STATES };

  it("puts a ticket in the lists its snapshot belongs in, and takes it out of the others", () => {
    let lists = initialDashboardLists({ locked: [], new: [ticket(1)], reminders: [] });
    lists = applyDashboardTicket(lists, dashboard, ticket(1, { version: 2, lock: "locked", owner: alice }));
    expect(ids(lists.locked)).toEqual([1]);
    expect(ids(lists.new)).toEqual([1]);
    lists = applyDashboardTicket(lists, dashboard, ticket(1, { version: 3, state: "pending reminder", lock: "unlocked", owner: alice, pendingUntil: "2026-01-02T00:00:00.000Z" }));
    expect(lists.locked).toEqual([]);
    expect(lists.new).toEqual([]);
    expect(ids(lists.reminders)).toEqual([1]);
    expect(remindersReached(lists.reminders, Date.parse("2026-01-01T23:59:00Z"))).toEqual([]);
    expect(ids(remindersReached(lists.reminders, Date.parse("2026-01-02T00:00:00Z")))).toEqual([1]);
    // Locked by Bob, in another queue: in none of Alice's lists.
    lists = applyDashboardTicket(lists, dashboard, ticket(1, { version: 4, state: "open", lock: "locked", owner: bob, queue: { id: 9, name: "Elsewhere" } }));
    expect([lists.locked, lists.new, lists.reminders]).toEqual([[], [], []]);
    expect(applyDashboardTicket(lists, dashboard, ticket(1, { version: 2, lock: "locked", owner: alice }))).toBe(lists);
  });
});

describe("ticket ages", () => {
  it("shows the two largest units, as OTRS", () => {
    const start = Date.parse("2026-01-01T00:00:00Z");
    expect(formatAge(start, start + 30_000)).toBe("0 m");
    expect(formatAge(start, start + 7 * 60_000)).toBe("7 m");
    expect(formatAge(start, start + (5 * 60 + 12) * 60_000)).toBe("5 h 12 m");
    expect(formatAge(start, start + (2 * 24 + 3) * 3_600_000 + 59_000)).toBe("2 d 3 h");
    expect(formatAge("2026-01-01T00:00:00.000Z", start + 24 * 3_600_000)).toBe("1 d");
  });
});
