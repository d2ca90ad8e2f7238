import { expect, test, type APIRequestContext } from "@playwright/test";
import { addNote } from "../../../server/tickets/add-note";
import { lockTicket } from "../../../server/tickets/lock-ticket";
import { updateTicket } from "../../../server/tickets/update-ticket";
import { createQueue, testAdmin } from "../../support/factories";
import {
  bearer,
  expectInvalid,
  expectSameNotFound,
  expectStatus,
  expectUnauthenticated,
  fetchTicket,
  ticketFor,
  unique,
  apiSetupForFile,
  withoutArticles,
  type ApiAgent,
  type ApiTicket,
  type TicketPage,
} from "./support";

const setup = apiSetupForFile();

async function list(request: APIRequestContext, agent: ApiAgent, query: Record<string, string | number>): Promise<TicketPage> {
  return expectStatus<TicketPage>(await request.get("/api/v1/tickets", { headers: bearer(agent), params: query }), 200);
}

/** Every page of a listing, following nextCursor to the end. */
async function listAll(request: APIRequestContext, agent: ApiAgent, query: Record<string, string | number>): Promise<{ pages: ApiTicket[][]; cursors: (string | null)[] }> {
  const pages: ApiTicket[][] = [];
  const cursors: (string | null)[] = [];
  let cursor: string | null = null;
  do {
    const page: TicketPage = await list(request, agent, cursor === null ? query : { ...query, cursor });
    pages.push(page.tickets);
    cursors.push(page.nextCursor);
    cursor = page.nextCursor;
    expect(pages.length, "paging does not end").toBeLessThan(50);
  } while (cursor !== null);
  return { pages, cursors };
}

async function freshQueue() {
  const { db, team } = setup();
  return createQueue(db, { group: team.group.name, name: `List ${unique()}` });
}

test("GET /tickets lists a queue's open tickets oldest first, each as GET /tickets/:number shows it", async ({ request }) => {
  const s = setup();
  const { agent } = s.team;
  const queue = await freshQueue();
  const first = await ticketFor(s, { queue: queue.id });
  const second = await ticketFor(s, { queue: queue.id, kind: "email_out", priority: 5 });
  const closed = await ticketFor(s, { queue: queue.id });
  await updateTicket(s.db, { actor: agent.actor, number: closed.number, state: "closed unsuccessful" });
  const third = await ticketFor(s, { queue: queue.id, priority: 1 });

  const views = await Promise.all([first, second, closed, third].map(async (ticket) => withoutArticles(await fetchTicket(request, agent, ticket.number))));
  const [firstView, secondView, closedView, thirdView] = views;

  expect(await list(request, agent, { queue: queue.id })).toEqual({ tickets: [firstView, secondView, thirdView], nextCursor: null });
  // The queue by name, in any case, is the same queue.
  expect(await list(request, agent, { queue: queue.name.toUpperCase() })).toEqual({ tickets: [firstView, secondView, thirdView], nextCursor: null });
  expect(await list(request, agent, { queue: queue.id, state: "open" })).toEqual({ tickets: [firstView, secondView, thirdView], nextCursor: null });
  expect(await list(request, agent, { queue: queue.id, state: "closed" })).toEqual({ tickets: [closedView], nextCursor: null });
  expect(await list(request, agent, { queue: queue.id, state: "all" })).toEqual({ tickets: views, nextCursor: null });
  // A reader (ro) sees the same.
  expect(await list(request, s.team.reader, { queue: queue.id })).toEqual({ tickets: [firstView, secondView, thirdView], nextCursor: null });
});

test("GET /tickets?sort=priority lists the highest priority first, then the oldest", async ({ request }) => {
  const s = setup();
  const queue = await freshQueue();
  const tickets: ApiTicket[] = [];
  for (const priority of [3, 5, 1, 5, 3, 4]) tickets.push(await ticketFor(s, { queue: queue.id, priority }));
  const [p3a, p5a, p1, p5b, p3b, p4] = tickets.map((ticket) => ticket.number);

  const page = await list(request, s.team.agent, { queue: queue.id, sort: "priority" });
  expect(page.tickets.map((ticket) => [ticket.number, ticket.priority])).toEqual([
    [p5a, 5],
    [p5b, 5],
    [p4, 4],
    [p3a, 3],
    [p3b, 3],
    [p1, 1],
  ]);
  expect(page.nextCursor).toBeNull();
  const byAge = await list(request, s.team.agent, { queue: queue.id, sort: "age" });
  expect(byAge.tickets.map((ticket) => ticket.number)).toEqual([p3a, p5a, p1, p5b, p3b, p4]);
});

test("GET /tickets filters by owner, lock, customer and full text", async ({ request }) => {
  const s = setup();
  const { agent, colleague } = s.team;
  const queue = await freshQueue();
  const word = `zebra${unique()}`;
  const customer = `filter-${unique()}@example.com`;
  const plain = await ticketFor(s, { queue: queue.id });
  const lockedByColleague = await ticketFor(s, { queue: queue.id, customer: { email: customer, name: "Fil Ter" } });
  await lockTicket(s.db, { actor: colleague.actor, number: lockedByColleague.number });
  const titled = await ticketFor(s, { queue: queue.id, title: `About the ${word} stripes`, customer: { email: customer } });
  const noted = await ticketFor(s, { queue: queue.id });
  await addNote(s.db, { actor: agent.actor, number: noted.number, body: `The ${word} escaped again.` });
  const numbers = async (query: Record<string, string | number>) => (await list(request, agent, { queue: queue.id, ...query })).tickets.map((ticket) => ticket.number);

  // Created by `agent`, every ticket is theirs until the colleague locks one.
  expect(await numbers({ owner: colleague.login })).toEqual([lockedByColleague.number]);
  expect(await numbers({ owner: agent.login.toUpperCase() })).toEqual([plain.number, titled.number, noted.number]);
  expect(await numbers({ owner: `nobody-${unique()}` })).toEqual([]);
  expect(await numbers({ lock: "locked" })).toEqual([lockedByColleague.number]);
  expect(await numbers({ lock: "unlocked" })).toEqual([plain.number, titled.number, noted.number]);
  expect(await numbers({ customer })).toEqual([lockedByColleague.number, titled.number]);
  expect(await numbers({ customer: customer.toUpperCase(), lock: "unlocked" })).toEqual([titled.number]);
  expect(await numbers({ q: word })).toEqual([titled.number, noted.number]);
  expect(await numbers({ q: `${word} stripes` })).toEqual([titled.number]);
  expect(await numbers({ q: `nothing${unique()}` })).toEqual([]);
});

test("GET /tickets without a queue lists only the tickets of queues the caller may read", async ({ request }) => {
  const s = setup();
  const { team } = s;
  const customer = `everywhere-${unique()}@example.com`;
  const visible = await ticketFor(s, { customer: { email: customer } });
  const other = await ticketFor(s, { queue: team.otherQueue.id, customer: { email: customer } });
  await ticketFor(s, { queue: team.secretQueue.id, actor: await testAdmin(s.db), customer: { email: customer } });

  const numbers = async (agent: ApiAgent) => (await list(request, agent, { customer, state: "all" })).tickets.map((ticket) => ticket.number);
  expect(await numbers(team.agent)).toEqual([visible.number, other.number]);
  expect(await numbers(team.reader)).toEqual([visible.number, other.number]);
  expect(await numbers(team.noter)).toEqual([visible.number]);
  expect(await numbers(team.outsider)).toEqual([]);
});

test("GET /tickets pages 120 tickets by keyset: each exactly once, in order", async ({ request }) => {
  test.setTimeout(120_000);
  const s = setup();
  const queue = await freshQueue();
  const created: ApiTicket[] = [];
  for (let index = 0; index < 120; index++) created.push(await ticketFor(s, { queue: queue.id, priority: (index % 5) + 1, title: `Paged ${index}` }));

  const byAge = await listAll(request, s.team.agent, { queue: queue.id, limit: 50 });
  expect(byAge.pages.map((page) => page.length)).toEqual([50, 50, 20]);
  expect(byAge.cursors.slice(0, 2)).toEqual([expect.any(String), expect.any(String)]);
  expect(byAge.cursors.at(-1)).toBeNull();
  expect(byAge.pages.flat().map((ticket) => ticket.number)).toEqual(created.map((ticket) => ticket.number));

  // The default page size is 50.
  const firstPage = await list(request, s.team.agent, { queue: queue.id });
  expect(firstPage.tickets.map((ticket) => ticket.number)).toEqual(created.slice(0, 50).map((ticket) => ticket.number));
  expect(firstPage.nextCursor).toEqual(expect.any(String));

  // By priority: highest first, the oldest first within a priority, over pages that split priorities.
  const expected = [...created].sort((a, b) => b.priority - a.priority || a.id - b.id).map((ticket) => ticket.number);
  const byPriority = await listAll(request, s.team.agent, { queue: queue.id, sort: "priority", limit: 7 });
  expect(byPriority.pages.map((page) => page.length)).toEqual([...Array<number>(17).fill(7), 1]);
  expect(byPriority.pages.flat().map((ticket) => ticket.number)).toEqual(expected);

  // A page of exactly the rest ends the listing.
  const exact = await listAll(request, s.team.agent, { queue: queue.id, limit: 60 });
  expect(exact.pages.map((page) => page.length)).toEqual([60, 60]);
  expect(exact.cursors).toEqual([expect.any(String), null]);
});

test("GET /tickets refuses a bad token and a request without credentials", async ({ request }) => {
  await expectUnauthenticated((headers) => request.get("/api/v1/tickets", { headers }));
  await expectUnauthenticated((headers) => request.get(`/api/v1/tickets?queue=${setup().team.queue.id}`, { headers }));
});

test("GET /tickets answers 404 alike for an unknown queue and one the caller may not read", async ({ request }) => {
  const { team } = setup();
  const headers = bearer(team.agent);
  const unreadable = await request.get("/api/v1/tickets", { headers, params: { queue: team.secretQueue.id } });
  await expectSameNotFound(await request.get("/api/v1/tickets", { headers, params: { queue: 2_000_000_000 } }), unreadable);
  await expectSameNotFound(await request.get("/api/v1/tickets", { headers, params: { queue: `No such queue ${unique()}` } }), unreadable);
  await expectSameNotFound(await request.get("/api/v1/tickets", { headers, params: { queue: team.secretQueue.name } }), unreadable);
  // The team's own queue, for an agent without any grant there.
  await expectSameNotFound(await request.get("/api/v1/tickets", { headers: bearer(team.outsider), params: { queue: team.queue.id } }), unreadable);
});

test("GET /tickets answers 400 naming the parameter for bad filters, limits and cursors", async ({ request }) => {
  const s = setup();
  const queue = await freshQueue();
  await ticketFor(s, { queue: queue.id });
  await ticketFor(s, { queue: queue.id });
  const headers = bearer(s.team.agent);
  const get = (params: Record<string, string | number>) => request.get("/api/v1/tickets", { headers, params: { queue: queue.id, ...params } });

  await expectInvalid(await get({ state: "bogus" }), "state");
  await expectInvalid(await get({ lock: "maybe" }), "lock");
  await expectInvalid(await get({ sort: "newest" }), "sort");
  await expectInvalid(await get({ limit: 0 }), "limit");
  await expectInvalid(await get({ limit: 101 }), "limit");
  await expectInvalid(await get({ limit: -5 }), "limit");
  await expectInvalid(await get({ limit: 2.5 }), "limit");
  await expectInvalid(await get({ limit: "many" }), "limit");
  await expectInvalid(await get({ cursor: "garbage" }), "cursor");
  await expectInvalid(await get({ cursor: Buffer.from(JSON.stringify({ sort: "age", at: "yesterday", id: 1 })).toString("base64url") }), "cursor");
  await expectInvalid(await get({ cursor: "x".repeat(300) }), "cursor");
  await expectInvalid(await get({ q: "x".repeat(501) }), "q");

  // A cursor belongs to its sort order.
  const page = await list(request, s.team.agent, { queue: queue.id, limit: 1 });
  expect(page.nextCursor).toEqual(expect.any(String));
  await expectInvalid(await get({ sort: "priority", cursor: page.nextCursor! }), "cursor");
  expect((await list(request, s.team.agent, { queue: queue.id, limit: 1, cursor: page.nextCursor! })).tickets).toHaveLength(1);
  await expectInvalid(await get({ limit: 100, state: "bogus" }), "state");
  expect((await list(request, s.team.agent, { queue: queue.id, limit: 100 })).tickets).toHaveLength(2);
});
