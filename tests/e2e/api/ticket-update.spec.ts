import { expect, test } from "@playwright/test";
import { lockTicket } from "../../../server/tickets/lock-ticket";
import { updateTicket } from "../../../server/tickets/update-ticket";
import { createQueue, testAdmin } from "../../support/factories";
import {
  agentRef,
  bearer,
  createApiAgent,
  expectConflict,
  expectForbidden,
  expectInvalid,
  expectLocked,
  expectSameNotFound,
  expectStatus,
  expectTooLarge,
  expectUnauthenticated,
  fetchHistory,
  fetchTicket,
  ISO_DATE,
  rawJson,
  ticketFor,
  unique,
  UNKNOWN_TICKET_NUMBER,
  apiSetupForFile,
  withoutArticles,
  type ApiTicket,
} from "./support";

const setup = apiSetupForFile();

const ticketUrl = (number: string) => `/api/v1/tickets/${number}`;

test("PATCH changes title, priority and state at once: one version step, one history row each", async ({ request }) => {
  const s = setup();
  const { team } = s;
  const ticket = await ticketFor(s, { title: "Old title", priority: 3 });
  const updated = await expectStatus<ApiTicket>(
    await request.patch(ticketUrl(ticket.number), { headers: bearer(team.colleague), data: { title: "  New   title ", priority: 5, state: "open", version: ticket.version } }),
    200,
  );
  expect(updated).toEqual({ ...ticket, title: "New title", priority: 5, state: "open", version: ticket.version + 1, updatedAt: expect.stringMatching(ISO_DATE) });
  expect(withoutArticles(await fetchTicket(request, team.reader, ticket.number))).toEqual(updated);
  const history = await fetchHistory(request, team.reader, ticket.number);
  expect(history.slice(-3).map(({ type, actor }) => [type, actor?.login])).toEqual([
    ["TitleUpdate", team.colleague.login],
    ["PriorityUpdate", team.colleague.login],
    ["StateUpdate", team.colleague.login],
  ]);

  // The same values again change nothing.
  expect(await expectStatus<ApiTicket>(await request.patch(ticketUrl(ticket.number), { headers: bearer(team.colleague), data: { title: "New title", priority: 5 } }), 200)).toEqual(updated);
  // An empty PATCH answers the ticket as it is.
  expect(await expectStatus<ApiTicket>(await request.patch(ticketUrl(ticket.number), { headers: bearer(team.colleague), data: {} }), 200)).toEqual(updated);
});

test("PATCH to a pending state with pendingUntil; leaving it clears the time", async ({ request }) => {
  const s = setup();
  const ticket = await ticketFor(s);
  const headers = bearer(s.team.agent);
  const until = new Date(Date.now() + 2 * 86_400_000);
  until.setUTCMilliseconds(0);
  const pending = await expectStatus<ApiTicket>(await request.patch(ticketUrl(ticket.number), { headers, data: { state: "pending auto close+", pendingUntil: until.toISOString() } }), 200);
  expect(pending).toMatchObject({ state: "pending auto close+", pendingUntil: until.toISOString() });

  // A new time alone, in another offset; then another pending state keeps the time.
  const later = new Date(until.getTime() + 3_600_000);
  const moved = await expectStatus<ApiTicket>(await request.patch(ticketUrl(ticket.number), { headers, data: { pendingUntil: later.toISOString().replace(/\.000Z$/, "+00:00") } }), 200);
  expect(moved).toMatchObject({ state: "pending auto close+", pendingUntil: later.toISOString() });
  const reminder = await expectStatus<ApiTicket>(await request.patch(ticketUrl(ticket.number), { headers, data: { state: "pending reminder" } }), 200);
  expect(reminder).toMatchObject({ state: "pending reminder", pendingUntil: later.toISOString() });

  const open = await expectStatus<ApiTicket>(await request.patch(ticketUrl(ticket.number), { headers, data: { state: "open" } }), 200);
  expect(open).toMatchObject({ state: "open", pendingUntil: null });
  const types = (await fetchHistory(request, s.team.agent, ticket.number)).map((entry) => entry.type);
  expect(types.slice(2)).toEqual(["StateUpdate", "SetPendingTime", "SetPendingTime", "StateUpdate", "StateUpdate"]);
});

test("PATCH closing ends the lock; the owner stays", async ({ request }) => {
  const s = setup();
  const ticket = await ticketFor(s);
  await lockTicket(s.db, { actor: s.team.colleague.actor, number: ticket.number });
  const closed = await expectStatus<ApiTicket>(await request.patch(ticketUrl(ticket.number), { headers: bearer(s.team.colleague), data: { state: "closed successful" } }), 200);
  expect(closed).toMatchObject({ state: "closed successful", lock: "unlocked", owner: agentRef(s.team.colleague), pendingUntil: null });
});

test("PATCH moves the ticket by queue id or name; the move ends the lock unless keepLock", async ({ request }) => {
  const s = setup();
  const { team } = s;
  const ticket = await ticketFor(s);
  await lockTicket(s.db, { actor: team.agent.actor, number: ticket.number });
  const moved = await expectStatus<ApiTicket>(await request.patch(ticketUrl(ticket.number), { headers: bearer(team.agent), data: { queue: team.otherQueue.id } }), 200);
  expect(moved).toMatchObject({ queue: { id: team.otherQueue.id, name: team.otherQueue.name }, lock: "unlocked", owner: agentRef(team.agent) });
  expect((await fetchHistory(request, team.agent, ticket.number)).at(-1)).toMatchObject({ type: "Move", actor: agentRef(team.agent) });

  await lockTicket(s.db, { actor: team.agent.actor, number: ticket.number });
  const back = await expectStatus<ApiTicket>(await request.patch(ticketUrl(ticket.number), { headers: bearer(team.agent), data: { queue: team.queue.name.toUpperCase(), keepLock: true } }), 200);
  expect(back).toMatchObject({ queue: { id: team.queue.id, name: team.queue.name }, lock: "locked", owner: agentRef(team.agent) });

  // An agent with rw (and so `owner`) may move a ticket someone else has locked; the lock ends.
  const taken = await expectStatus<ApiTicket>(await request.patch(ticketUrl(ticket.number), { headers: bearer(team.colleague), data: { queue: team.otherQueue.name, keepLock: true } }), 200);
  expect(taken).toMatchObject({ queue: { id: team.otherQueue.id }, lock: "unlocked" });
});

test("PATCH moving needs move_into on the target (403), and a target the caller cannot read is not found", async ({ request }) => {
  const s = setup();
  const { team } = s;
  const ticket = await ticketFor(s);
  // `reader` reads otherQueue (ro) but may not move into it; agent has rw here but nothing on the secret queue.
  const mover = await createApiAgent(s.db, [[team.group, "rw"], [team.otherGroup, "ro"]]);
  await expectForbidden(await request.patch(ticketUrl(ticket.number), { headers: bearer(mover), data: { queue: team.otherQueue.id } }));
  const unknown = await request.patch(ticketUrl(ticket.number), { headers: bearer(team.agent), data: { queue: 2_000_000_000 } });
  await expectSameNotFound(unknown, await request.patch(ticketUrl(ticket.number), { headers: bearer(team.agent), data: { queue: team.secretQueue.id } }));
  await expectSameNotFound(unknown, await request.patch(ticketUrl(ticket.number), { headers: bearer(team.agent), data: { queue: `No such queue ${unique()}` } }));
  // move_into on the target is not enough without rw on the ticket's own queue.
  const intoOnly = await createApiAgent(s.db, [[team.group, "ro"], [team.otherGroup, "move_into", "ro"]]);
  await expectForbidden(await request.patch(ticketUrl(ticket.number), { headers: bearer(intoOnly), data: { queue: team.otherQueue.id } }));
  // And move_into suffices on the target.
  const moved = await expectStatus<ApiTicket>(
    await request.patch(ticketUrl(ticket.number), { headers: bearer(await createApiAgent(s.db, [[team.group, "rw"], [team.otherGroup, "move_into"]])), data: { queue: team.otherQueue.id } }),
    200,
  );
  expect(moved.queue.id).toBe(team.otherQueue.id);
});

test("PATCH owner: assign by login, take over a locked ticket with `owner`, clear with null", async ({ request }) => {
  const s = setup();
  const { team } = s;
  const ticket = await ticketFor(s);
  const assigned = await expectStatus<ApiTicket>(await request.patch(ticketUrl(ticket.number), { headers: bearer(team.agent), data: { owner: team.colleague.login } }), 200);
  expect(assigned).toMatchObject({ owner: agentRef(team.colleague), lock: "unlocked" });
  expect((await fetchHistory(request, team.agent, ticket.number)).at(-1)).toMatchObject({ type: "OwnerUpdate", actor: agentRef(team.agent) });

  // A takeover under another agent's lock: allowed with `owner`; the lock passes to the new owner.
  await lockTicket(s.db, { actor: team.colleague.actor, number: ticket.number });
  const takenOver = await expectStatus<ApiTicket>(await request.patch(ticketUrl(ticket.number), { headers: bearer(team.ownerAgent), data: { owner: team.agent.login } }), 200);
  expect(takenOver).toMatchObject({ owner: agentRef(team.agent), lock: "locked" });

  const cleared = await expectStatus<ApiTicket>(await request.patch(ticketUrl(ticket.number), { headers: bearer(team.agent), data: { owner: null } }), 200);
  expect(cleared).toMatchObject({ owner: null, lock: "unlocked" });
});

test("PATCH under another agent's lock: title, state and priority answer 409 locked", async ({ request }) => {
  const s = setup();
  const { team } = s;
  const ticket = await ticketFor(s);
  const locked = await lockTicket(s.db, { actor: team.colleague.actor, number: ticket.number });
  for (const data of [{ title: "Mine now" }, { state: "open" }, { priority: 1 }, { state: "pending reminder", pendingUntil: new Date(Date.now() + 86_400_000).toISOString() }]) {
    await expectLocked(await request.patch(ticketUrl(ticket.number), { headers: bearer(team.agent), data }), team.colleague);
  }
  await expectLocked(await request.patch(ticketUrl(ticket.number), { headers: bearer(team.prioritizer), data: { priority: 1 } }), team.colleague);
  expect(withoutArticles(await fetchTicket(request, team.agent, ticket.number))).toEqual(locked);
});

test("PATCH answers 403 without the permission; `priority` suffices for the priority", async ({ request }) => {
  const s = setup();
  const { team } = s;
  const ticket = await ticketFor(s);
  const patch = (agent: { token: string }, data: Record<string, unknown>) => request.patch(ticketUrl(ticket.number), { headers: bearer(agent), data });
  for (const agent of [team.reader, team.noter, team.ownerAgent, team.creator]) {
    await expectForbidden(await patch(agent, { priority: 1 }));
    await expectForbidden(await patch(agent, { title: "Not mine" }));
    await expectForbidden(await patch(agent, { state: "open" }));
  }
  for (const agent of [team.reader, team.noter, team.prioritizer, team.creator]) await expectForbidden(await patch(agent, { owner: agent.login }));
  await expectForbidden(await patch(team.prioritizer, { title: "Not mine" }));
  await expectForbidden(await patch(team.prioritizer, { priority: 2, title: "Not mine" }));
  expect(withoutArticles(await fetchTicket(request, team.agent, ticket.number))).toEqual(ticket);

  const prioritised = await expectStatus<ApiTicket>(await patch(team.prioritizer, { priority: 1 }), 200);
  expect(prioritised).toMatchObject({ priority: 1, version: ticket.version + 1 });

  // 403 comes before 409: a reader facing another agent's lock is forbidden, not locked.
  await lockTicket(s.db, { actor: team.colleague.actor, number: ticket.number });
  await expectForbidden(await patch(team.reader, { title: "Not mine" }));
});

test("PATCH with a stale version answers 409 conflict with the current ticket", async ({ request }) => {
  const s = setup();
  const ticket = await ticketFor(s);
  const current = await expectStatus<ApiTicket>(await request.patch(ticketUrl(ticket.number), { headers: bearer(s.team.colleague), data: { priority: 4 } }), 200);
  await expectConflict(await request.patch(ticketUrl(ticket.number), { headers: bearer(s.team.agent), data: { title: "Overwrite", version: ticket.version } }), current);
  expect(withoutArticles(await fetchTicket(request, s.team.agent, ticket.number))).toEqual(current);
  // The current version goes through.
  expect(await expectStatus<ApiTicket>(await request.patch(ticketUrl(ticket.number), { headers: bearer(s.team.agent), data: { title: "Overwrite", version: current.version } }), 200)).toMatchObject({ title: "Overwrite" });
});

test("PATCH answers 403, not 409 conflict, for a stale version from an agent without the permission", async ({ request }) => {
  const s = setup();
  const ticket = await ticketFor(s);
  await expectForbidden(await request.patch(ticketUrl(ticket.number), { headers: bearer(s.team.reader), data: { title: "Not mine", version: ticket.version + 1 } }));
});

test("PATCH answers 409 locked, not conflict, for a stale version under another agent's lock", async ({ request }) => {
  const s = setup();
  const ticket = await ticketFor(s);
  await lockTicket(s.db, { actor: s.team.colleague.actor, number: ticket.number });
  await expectLocked(await request.patch(ticketUrl(ticket.number), { headers: bearer(s.team.agent), data: { title: "Mine", version: ticket.version } }), s.team.colleague);
});

test("PATCH refuses a bad token and a request without credentials", async ({ request }) => {
  const ticket = await ticketFor(setup());
  await expectUnauthenticated((headers) => request.patch(ticketUrl(ticket.number), { headers, data: { title: "Anonymous" } }));
  // 401 comes before 413.
  await expectUnauthenticated((headers) => request.patch(ticketUrl(ticket.number), { headers: rawJson(headers), data: Buffer.from(JSON.stringify({ title: "x".repeat(1_100_000) })) }));
  expect((await fetchTicket(request, setup().team.agent, ticket.number)).title).toBe(ticket.title);
});

test("PATCH answers 404 alike for an unknown ticket and one the caller may not read", async ({ request }) => {
  const s = setup();
  const secret = await ticketFor(s, { queue: s.team.secretQueue.id, actor: await testAdmin(s.db) });
  const mine = await ticketFor(s);
  const data = { priority: 2 };
  const unknown = await request.patch(ticketUrl(UNKNOWN_TICKET_NUMBER), { headers: bearer(s.team.agent), data });
  await expectSameNotFound(unknown, await request.patch(ticketUrl(secret.number), { headers: bearer(s.team.agent), data }));
  await expectSameNotFound(unknown, await request.patch(ticketUrl(mine.number), { headers: bearer(s.team.outsider), data }));
});

test("PATCH answers 400 naming the field for bad input", async ({ request }) => {
  const s = setup();
  const { team } = s;
  const ticket = await ticketFor(s);
  const noRw = await createApiAgent(s.db, [[team.group, "ro"]]);
  const headers = bearer(team.agent);
  const patch = (data: unknown) => request.patch(ticketUrl(ticket.number), { headers, data });

  await expectInvalid(await request.patch(ticketUrl(ticket.number), { headers: rawJson(headers), data: Buffer.from("{'title': 'single quotes'}") }), "body");
  for (const notAnObject of ["[]", "null", '"title"', "42", "true"]) {
    await expectInvalid(await request.patch(ticketUrl(ticket.number), { headers: rawJson(headers), data: Buffer.from(notAnObject) }), "body");
  }
  await expectInvalid(await patch({ priority: 0 }), "priority");
  await expectInvalid(await patch({ priority: 6 }), "priority");
  await expectInvalid(await patch({ priority: 3.5 }), "priority");
  await expectInvalid(await patch({ priority: "high" }), "priority");
  await expectInvalid(await patch({ priority: null }), "priority");
  await expectInvalid(await patch({ title: "" }), "title");
  await expectInvalid(await patch({ title: "   " }), "title");
  await expectInvalid(await patch({ title: 12 }), "title");
  await expectInvalid(await patch({ title: "x".repeat(256) }), "title");
  await expectInvalid(await patch({ state: "bogus" }), "state");
  await expectInvalid(await patch({ state: 3 }), "state");
  await expectInvalid(await patch({ state: "merged" }), "state");
  // `new` is not chosen by hand (on a new ticket it is no change at all).
  const opened = await ticketFor(s);
  await updateTicket(s.db, { actor: team.agent.actor, number: opened.number, state: "open" });
  await expectInvalid(await request.patch(ticketUrl(opened.number), { headers, data: { state: "new" } }), "state");
  await expectInvalid(await patch({ state: "pending reminder" }), "pendingUntil");
  await expectInvalid(await patch({ state: "pending auto close-", pendingUntil: null }), "pendingUntil");
  await expectInvalid(await patch({ state: "pending reminder", pendingUntil: "next week" }), "pendingUntil");
  await expectInvalid(await patch({ state: "pending reminder", pendingUntil: "2026-13-01T10:00:00Z" }), "pendingUntil");
  await expectInvalid(await patch({ state: "pending reminder", pendingUntil: 1_800_000_000_000 }), "pendingUntil");
  await expectInvalid(await patch({ state: "open", pendingUntil: new Date(Date.now() + 86_400_000).toISOString() }), "pendingUntil");
  await expectInvalid(await patch({ queue: false }), "queue");
  await expectInvalid(await patch({ queue: "" }), "queue");
  await expectInvalid(await patch({ keepLock: "yes" }), "keepLock");
  await expectInvalid(await patch({ owner: 17 }), "owner");
  await expectInvalid(await patch({ owner: "" }), "owner");
  await expectInvalid(await patch({ owner: `nobody-${unique()}` }), "owner");
  await expectInvalid(await patch({ owner: noRw.login }), "owner");
  await expectInvalid(await patch({ version: "1" }), "version");
  await expectInvalid(await patch({ version: -1 }), "version");
  await expectInvalid(await request.patch(ticketUrl("abc"), { headers, data: { priority: 2 } }), "number");

  // Validation comes before the ticket is looked up (404) and before permissions (403).
  await expectInvalid(await request.patch(ticketUrl(UNKNOWN_TICKET_NUMBER), { headers, data: { priority: 9 } }), "priority");
  await expectInvalid(await request.patch(ticketUrl(ticket.number), { headers: bearer(team.reader), data: { priority: 9 } }), "priority");
  await expectInvalid(await request.patch(ticketUrl(ticket.number), { headers: bearer(team.outsider), data: { pendingUntil: "soon" } }), "pendingUntil");
  // All or nothing: a valid title with an invalid state changes nothing.
  await expectInvalid(await patch({ title: "Half done", state: "bogus" }), "state");
  expect(withoutArticles(await fetchTicket(request, team.agent, ticket.number))).toEqual(ticket);
});

test("PATCH answers 413 for a body over 1 MB, before validation and before looking up the ticket", async ({ request }) => {
  const s = setup();
  const ticket = await ticketFor(s);
  const headers = rawJson(bearer(s.team.agent));
  const big = JSON.stringify({ title: "x".repeat(1024 * 1024) });
  await expectTooLarge(await request.patch(ticketUrl(ticket.number), { headers, data: Buffer.from(big) }));
  await expectTooLarge(await request.patch(ticketUrl(ticket.number), { headers, data: Buffer.from(`{"priority": 9, "padding": "${"y".repeat(1024 * 1024)}`) }));
  await expectTooLarge(await request.patch(ticketUrl(UNKNOWN_TICKET_NUMBER), { headers, data: Buffer.from(big) }));
  await expectTooLarge(await request.patch(ticketUrl("not-a-number"), { headers, data: Buffer.from(big) }));
  await expectTooLarge(await request.patch(ticketUrl(ticket.number), { headers: { ...headers, Authorization: `Bearer ${s.team.outsider.token}` }, data: Buffer.from(big) }));
  // Just under the limit is an ordinary request (here: a title too long).
  const fits = JSON.stringify({ title: "x".repeat(1024 * 1024 - 100) });
  await expectInvalid(await request.patch(ticketUrl(ticket.number), { headers, data: Buffer.from(fits) }), "title");
  expect(withoutArticles(await fetchTicket(request, s.team.agent, ticket.number))).toEqual(ticket);
});

test("PATCH on a queue created after the token: permissions are read per request", async ({ request }) => {
  const s = setup();
  const queue = await createQueue(s.db, { group: s.team.group.name, name: `Fresh ${unique()}` });
  const ticket = await ticketFor(s);
  const moved = await expectStatus<ApiTicket>(await request.patch(ticketUrl(ticket.number), { headers: bearer(s.team.agent), data: { queue: queue.id } }), 200);
  expect(moved.queue).toEqual({ id: queue.id, name: queue.name });
});
