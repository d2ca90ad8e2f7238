import { expect, test } from "@playwright/test";
import { addNote } from "../../../server/tickets/add-note";
import { lockTicket } from "../../../server/tickets/lock-ticket";
import { createQueue, testAdmin } from "../../support/factories";
import {
  agentRef,
  bearer,
  createApiAgent,
  expectForbidden,
  expectInvalid,
  expectLocked,
  expectSameNotFound,
  expectStatus,
  expectUnauthenticated,
  fetchHistory,
  fetchTicket,
  hasValidCheckDigit,
  ISO_DATE,
  rawJson,
  ticketFor,
  unique,
  UNKNOWN_TICKET_NUMBER,
  apiSetupForFile,
  type ApiTicket,
} from "./support";

const setup = apiSetupForFile();

const splitUrl = (number: string, articleId: number | string) => `/api/v1/tickets/${number}/articles/${articleId}/split`;

test("POST split: 201 and a new ticket holding a copy of the article, linked to the source", async ({ request }) => {
  const s = setup();
  const { team } = s;
  const source = await ticketFor(s, { title: "Two problems", priority: 4 });
  const bytes = Buffer.from("second problem log\n");
  const note = await addNote(s.db, {
    actor: team.agent.actor,
    number: source.number,
    subject: "Also the scanner",
    body: "The scanner is broken too.",
    attachments: [{ filename: "scanner.log", contentType: "text/plain", content: bytes }],
  });
  const sourceBefore = await fetchTicket(request, team.colleague, source.number);

  const created = await expectStatus<ApiTicket>(await request.post(splitUrl(source.number, note.id), { headers: bearer(team.colleague) }), 201);
  expect(created).toEqual({
    id: expect.any(Number),
    number: expect.stringMatching(/^\d{8}10\d{5,}\d$/),
    title: "Also the scanner",
    queue: { id: team.queue.id, name: team.queue.name },
    state: "new",
    lock: "unlocked",
    owner: agentRef(team.colleague),
    priority: 4,
    customer: source.customer,
    version: 1,
    pendingUntil: null,
    createdAt: expect.stringMatching(ISO_DATE),
    updatedAt: expect.stringMatching(ISO_DATE),
  });
  expect(created.number).not.toBe(source.number);
  expect(hasValidCheckDigit(created.number)).toBe(true);

  const shown = await fetchTicket(request, team.reader, created.number);
  expect(shown.articles).toEqual([{ ...note, id: expect.any(Number), createdAt: expect.stringMatching(ISO_DATE), attachments: [{ id: expect.any(Number), filename: "scanner.log", contentType: "text/plain", size: bytes.length }] }]);
  expect(shown.articles[0]!.id).not.toBe(note.id);
  expect(shown.articles[0]!.attachments[0]!.id).not.toBe(note.attachments[0]!.id);
  const copy = await request.get(`/api/v1/attachments/${shown.articles[0]!.attachments[0]!.id}`, { headers: bearer(team.reader) });
  expect(Buffer.compare(await copy.body(), bytes)).toBe(0);

  // The source keeps its article and records the link.
  const sourceAfter = await fetchTicket(request, team.reader, source.number);
  expect(sourceAfter.articles).toEqual(sourceBefore.articles);
  expect((await fetchHistory(request, team.reader, source.number)).at(-1)).toMatchObject({ type: "TicketLinkAdd", actor: agentRef(team.colleague) });
  expect((await fetchHistory(request, team.reader, created.number)).map(({ type, actor }) => [type, actor?.login])).toEqual([
    ["NewTicket", team.colleague.login],
    ["Misc", team.colleague.login],
  ]);
});

test("POST split into another queue with a title of its own", async ({ request }) => {
  const s = setup();
  const { team } = s;
  const source = await ticketFor(s);
  const [article] = (await fetchTicket(request, team.agent, source.number)).articles;
  const created = await expectStatus<ApiTicket>(
    await request.post(splitUrl(source.number, article!.id), { headers: bearer(team.agent), data: { queue: team.otherQueue.name, title: "  Split   off " } }),
    201,
  );
  expect(created).toMatchObject({ title: "Split off", queue: { id: team.otherQueue.id, name: team.otherQueue.name }, state: "new", owner: agentRef(team.agent) });
  const byId = await expectStatus<ApiTicket>(await request.post(splitUrl(source.number, article!.id), { headers: bearer(team.agent), data: { queue: team.otherQueue.id } }), 201);
  expect(byId).toMatchObject({ title: source.title, queue: { id: team.otherQueue.id } });
});

test("POST split answers 409 locked when another agent holds the source's lock", async ({ request }) => {
  const s = setup();
  const source = await ticketFor(s);
  const [article] = (await fetchTicket(request, s.team.agent, source.number)).articles;
  await lockTicket(s.db, { actor: s.team.colleague.actor, number: source.number });
  await expectLocked(await request.post(splitUrl(source.number, article!.id), { headers: bearer(s.team.agent) }), s.team.colleague);
});

test("POST split answers 403 without rw on the ticket or without create on the new queue", async ({ request }) => {
  const s = setup();
  const { team } = s;
  const source = await ticketFor(s);
  const [article] = (await fetchTicket(request, team.agent, source.number)).articles;
  for (const agent of [team.reader, team.noter, team.ownerAgent, team.creator]) {
    await expectForbidden(await request.post(splitUrl(source.number, article!.id), { headers: bearer(agent) }));
  }
  // rw here, but only ro (no create) on the target queue.
  const roThere = await createApiAgent(s.db, [[team.group, "rw"], [team.otherGroup, "ro"]]);
  await expectForbidden(await request.post(splitUrl(source.number, article!.id), { headers: bearer(roThere), data: { queue: team.otherQueue.id } }));
});

test("POST split refuses a bad token and a request without credentials", async ({ request }) => {
  const s = setup();
  const source = await ticketFor(s);
  const [article] = (await fetchTicket(request, s.team.agent, source.number)).articles;
  await expectUnauthenticated((headers) => request.post(splitUrl(source.number, article!.id), { headers }));
});

test("POST split answers 404 alike for an unknown or unreadable ticket, article or queue", async ({ request }) => {
  const s = setup();
  const { team } = s;
  const secret = await ticketFor(s, { queue: team.secretQueue.id, actor: await testAdmin(s.db) });
  const [secretArticle] = (await fetchTicket(request, { token: (await createApiAgent(s.db, [[team.secretGroup, "ro"]])).token }, secret.number)).articles;
  const source = await ticketFor(s);
  const other = await ticketFor(s);
  const [article] = (await fetchTicket(request, team.agent, source.number)).articles;
  const [otherArticle] = (await fetchTicket(request, team.agent, other.number)).articles;
  const post = (agent: { token: string }, number: string, articleId: number, data: Record<string, unknown> = {}) => request.post(splitUrl(number, articleId), { headers: bearer(agent), data });

  const unknownTicket = await post(team.agent, UNKNOWN_TICKET_NUMBER, article!.id);
  await expectSameNotFound(unknownTicket, await post(team.agent, secret.number, secretArticle!.id));
  await expectSameNotFound(unknownTicket, await post(team.outsider, source.number, article!.id));
  // An article that does not exist, or belongs to another ticket.
  await expectSameNotFound(await post(team.agent, source.number, 2_000_000_000), await post(team.agent, source.number, otherArticle!.id));
  await expectSameNotFound(await post(team.agent, source.number, 2_000_000_000), await post(team.agent, source.number, secretArticle!.id));
  // A target queue that does not exist, or that the caller may not read.
  const unknownQueue = await post(team.agent, source.number, article!.id, { queue: `No such queue ${unique()}` });
  await expectSameNotFound(unknownQueue, await post(team.agent, source.number, article!.id, { queue: team.secretQueue.id }));
  await expectSameNotFound(unknownQueue, await post(team.agent, source.number, article!.id, { queue: 2_000_000_000 }));
});

test("POST split answers 400 naming the field for bad input", async ({ request }) => {
  const s = setup();
  const source = await ticketFor(s);
  const [article] = (await fetchTicket(request, s.team.agent, source.number)).articles;
  const headers = bearer(s.team.agent);
  const post = (data: unknown) => request.post(splitUrl(source.number, article!.id), { headers, data });

  await expectInvalid(await request.post(splitUrl(source.number, article!.id), { headers: rawJson(headers), data: Buffer.from("{queue}") }), "body");
  await expectInvalid(await post({ title: "" }), "title");
  await expectInvalid(await post({ title: "   " }), "title");
  await expectInvalid(await post({ title: 5 }), "title");
  await expectInvalid(await post({ queue: [] }), "queue");
  await expectInvalid(await post({ queue: 0 }), "queue");
  await expectInvalid(await request.post(splitUrl(source.number, "abc"), { headers }), "id");
  await expectInvalid(await request.post(splitUrl(source.number, 0), { headers }), "id");
  await expectInvalid(await request.post(splitUrl("abc", article!.id), { headers }), "number");
  await expectInvalid(await request.post(splitUrl(UNKNOWN_TICKET_NUMBER, article!.id), { headers, data: { title: "" } }), "title");
});

test("POST split into a fresh queue where the caller holds create and rw", async ({ request }) => {
  const s = setup();
  const queue = await createQueue(s.db, { group: s.team.group.name, name: `Split target ${unique()}` });
  const source = await ticketFor(s);
  const [article] = (await fetchTicket(request, s.team.agent, source.number)).articles;
  const created = await expectStatus<ApiTicket>(await request.post(splitUrl(source.number, article!.id), { headers: bearer(s.team.agent), data: { queue: queue.id } }), 201);
  expect(created.queue).toEqual({ id: queue.id, name: queue.name });
});
