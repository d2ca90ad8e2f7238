import { expect, test } from "@playwright/test";
import { testAdmin } from "../../support/factories";
import {
  agentRef,
  bearer,
  expectInvalid,
  expectSameNotFound,
  expectStatus,
  expectUnauthenticated,
  fetchHistory,
  ISO_DATE,
  ticketFor,
  UNKNOWN_TICKET_NUMBER,
  apiSetupForFile,
  type ApiHistoryEntry,
  type ApiTicket,
} from "./support";

const setup = apiSetupForFile();

test("GET /tickets/:number/history answers every change, oldest first, with who made it", async ({ request }) => {
  const s = setup();
  const { team } = s;
  const ticket = await ticketFor(s);
  const url = `/api/v1/tickets/${ticket.number}`;
  const as = (agent: { token: string }) => ({ headers: bearer(agent) });

  await expectStatus(await request.post(`${url}/lock`, as(team.agent)), 200);
  await expectStatus(await request.post(`${url}/articles`, { ...as(team.noter), data: { kind: "note", body: "Checked the logs." } }), 201);
  await expectStatus(await request.post(`${url}/articles`, { ...as(team.agent), data: { kind: "reply", body: "Fixed, please retry." } }), 201);
  await expectStatus(await request.patch(url, { ...as(team.agent), data: { title: "Scanner jams (fixed)", priority: 2 } }), 200);
  await expectStatus(await request.post(`${url}/unlock`, as(team.agent)), 200);
  await expectStatus(await request.patch(url, { ...as(team.agent), data: { queue: team.otherQueue.id } }), 200);
  await expectStatus(await request.patch(url, { ...as(team.colleague), data: { owner: team.colleague.login } }), 200);
  const last = await expectStatus<ApiTicket>(await request.patch(url, { ...as(team.colleague), data: { state: "closed successful" } }), 200);

  const history = await expectStatus<ApiHistoryEntry[]>(await request.get(`${url}/history`, as(team.reader)), 200);
  expect(history.map(({ type, actor }) => [type, actor?.login])).toEqual([
    ["NewTicket", team.agent.login],
    ["PhoneCallCustomer", team.agent.login],
    ["Lock", team.agent.login],
    ["AddNote", team.noter.login],
    ["SendAnswer", team.agent.login],
    ["StateUpdate", team.agent.login],
    ["TitleUpdate", team.agent.login],
    ["PriorityUpdate", team.agent.login],
    ["Unlock", team.agent.login],
    ["Move", team.agent.login],
    ["OwnerUpdate", team.colleague.login],
    ["StateUpdate", team.colleague.login],
  ]);
  for (const entry of history) {
    expect(entry).toEqual({ id: expect.any(Number), type: expect.any(String), name: expect.any(String), actor: expect.any(Object), createdAt: expect.stringMatching(ISO_DATE) });
    expect(entry.name.length).toBeGreaterThan(0);
  }
  expect(history[0]!.actor).toEqual(agentRef(team.agent));
  expect(history[10]!.actor).toEqual(agentRef(team.colleague));
  expect(history[0]!.name).toContain(ticket.number);
  expect(history[6]!.name).toContain("Scanner jams (fixed)");
  expect(history[9]!.name).toContain(team.otherQueue.name);
  expect(history[10]!.name).toContain(team.colleague.login);
  const ids = history.map((entry) => entry.id);
  expect(ids).toEqual([...ids].sort((a, b) => a - b));
  expect(new Set(ids).size).toBe(ids.length);
  const times = history.map((entry) => Date.parse(entry.createdAt));
  expect(times).toEqual([...times].sort((a, b) => a - b));
  expect(Date.parse(last.updatedAt)).toBeGreaterThanOrEqual(times.at(-1)!);

  // The same for everyone who may read the ticket.
  expect(await fetchHistory(request, team.agent, ticket.number)).toEqual(history);
});

test("GET /tickets/:number/history refuses a bad token and a request without credentials", async ({ request }) => {
  const ticket = await ticketFor(setup());
  await expectUnauthenticated((headers) => request.get(`/api/v1/tickets/${ticket.number}/history`, { headers }));
});

test("GET /tickets/:number/history answers 404 alike for an unknown ticket and one the caller may not read", async ({ request }) => {
  const s = setup();
  const secret = await ticketFor(s, { queue: s.team.secretQueue.id, actor: await testAdmin(s.db) });
  const mine = await ticketFor(s);
  const unknown = await request.get(`/api/v1/tickets/${UNKNOWN_TICKET_NUMBER}/history`, { headers: bearer(s.team.agent) });
  await expectSameNotFound(unknown, await request.get(`/api/v1/tickets/${secret.number}/history`, { headers: bearer(s.team.agent) }));
  await expectSameNotFound(unknown, await request.get(`/api/v1/tickets/${mine.number}/history`, { headers: bearer(s.team.outsider) }));
});

test("GET /tickets/:number/history answers 400 naming `number` for something that is no ticket number", async ({ request }) => {
  await expectInvalid(await request.get("/api/v1/tickets/not-a-number/history", { headers: bearer(setup().team.agent) }), "number");
});
