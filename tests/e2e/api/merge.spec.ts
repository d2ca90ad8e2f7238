import { expect, test } from "@playwright/test";
import { addNote } from "../../../server/tickets/add-note";
import { lockTicket } from "../../../server/tickets/lock-ticket";
import { mergeTickets } from "../../../server/tickets/merge-tickets";
import { testAdmin } from "../../support/factories";
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
  expectUnauthenticated,
  fetchHistory,
  fetchTicket,
  ISO_DATE,
  rawJson,
  ticketFor,
  UNKNOWN_TICKET_NUMBER,
  apiSetupForFile,
  withoutArticles,
  type ApiTicket,
} from "./support";

const setup = apiSetupForFile();

const mergeUrl = (number: string) => `/api/v1/tickets/${number}/merge`;

test("POST merge: 200 and the target, which now holds every article; the source becomes merged", async ({ request }) => {
  const s = setup();
  const { team } = s;
  const source = await ticketFor(s, { title: "Duplicate report", body: "Printer again." });
  const target = await ticketFor(s, { title: "Printer on fire", body: "Printer first." });
  await addNote(s.db, { actor: team.agent.actor, number: source.number, body: "Seen twice." });
  await lockTicket(s.db, { actor: team.colleague.actor, number: source.number });
  const sourceBefore = await fetchTicket(request, team.colleague, source.number);
  const targetBefore = await fetchTicket(request, team.colleague, target.number);

  const merged = await expectStatus<ApiTicket>(await request.post(mergeUrl(source.number), { headers: bearer(team.colleague), data: { into: target.number, version: sourceBefore.version } }), 200);
  expect(merged).toEqual({ ...withoutArticles(targetBefore), version: targetBefore.version + 1, updatedAt: expect.stringMatching(ISO_DATE) });

  const targetAfter = await fetchTicket(request, team.reader, target.number);
  expect(withoutArticles(targetAfter)).toEqual(merged);
  // Every article, oldest first: the source's phone call, the target's, then the note on the source.
  expect(targetAfter.articles.map((article) => article.body)).toEqual(["Printer again.", "Printer first.", "Seen twice."]);
  expect(targetAfter.articles.map((article) => article.id)).toEqual([sourceBefore.articles[0]!.id, targetBefore.articles[0]!.id, sourceBefore.articles[1]!.id]);

  const sourceAfter = await fetchTicket(request, team.reader, source.number);
  expect(sourceAfter).toEqual({ ...withoutArticles(sourceBefore), state: "merged", lock: "unlocked", version: sourceBefore.version + 1, updatedAt: expect.stringMatching(ISO_DATE), articles: [] });

  expect((await fetchHistory(request, team.reader, source.number)).at(-1)).toMatchObject({ type: "Merged", actor: agentRef(team.colleague) });
  expect((await fetchHistory(request, team.reader, target.number)).at(-1)).toMatchObject({ type: "Merged", actor: agentRef(team.colleague) });

  // A merged ticket is closed: it leaves the default listing.
  const open = await expectStatus<{ tickets: ApiTicket[] }>(await request.get("/api/v1/tickets", { headers: bearer(team.agent), params: { customer: source.customer!.email } }), 200);
  expect(open.tickets).toEqual([]);
});

test("POST merge answers 409 locked when another agent holds the source's lock", async ({ request }) => {
  const s = setup();
  const source = await ticketFor(s);
  const target = await ticketFor(s);
  await lockTicket(s.db, { actor: s.team.colleague.actor, number: source.number });
  await expectLocked(await request.post(mergeUrl(source.number), { headers: bearer(s.team.agent), data: { into: target.number } }), s.team.colleague);
  expect((await fetchTicket(request, s.team.agent, source.number)).state).toBe("new");
});

test("POST merge answers 409 conflict with the current source ticket for a stale version", async ({ request }) => {
  const s = setup();
  const source = await ticketFor(s);
  const target = await ticketFor(s);
  const current = await lockTicket(s.db, { actor: s.team.agent.actor, number: source.number });
  await expectConflict(await request.post(mergeUrl(source.number), { headers: bearer(s.team.agent), data: { into: target.number, version: source.version } }), current);
  expect((await fetchTicket(request, s.team.agent, source.number)).state).toBe("new");
});

test("POST merge answers 403 without rw on the source or on the target", async ({ request }) => {
  const s = setup();
  const { team } = s;
  const source = await ticketFor(s);
  const target = await ticketFor(s);
  for (const agent of [team.reader, team.noter, team.ownerAgent, team.prioritizer, team.creator]) {
    await expectForbidden(await request.post(mergeUrl(source.number), { headers: bearer(agent), data: { into: target.number } }));
  }
  // rw on the source's queue, only ro on the target's.
  const elsewhere = await ticketFor(s, { queue: team.otherQueue.id });
  const halfway = await createApiAgent(s.db, [[team.group, "rw"], [team.otherGroup, "ro"]]);
  await expectForbidden(await request.post(mergeUrl(source.number), { headers: bearer(halfway), data: { into: elsewhere.number } }));
  expect((await fetchTicket(request, team.agent, source.number)).state).toBe("new");
});

test("POST merge refuses a bad token and a request without credentials", async ({ request }) => {
  const s = setup();
  const source = await ticketFor(s);
  const target = await ticketFor(s);
  await expectUnauthenticated((headers) => request.post(mergeUrl(source.number), { headers, data: { into: target.number } }));
  expect((await fetchTicket(request, s.team.agent, source.number)).state).toBe("new");
});

test("POST merge answers 404 alike for an unknown or unreadable source or target", async ({ request }) => {
  const s = setup();
  const { team } = s;
  const secret = await ticketFor(s, { queue: team.secretQueue.id, actor: await testAdmin(s.db) });
  const source = await ticketFor(s);
  const target = await ticketFor(s);
  const post = (agent: { token: string }, number: string, into: string) => request.post(mergeUrl(number), { headers: bearer(agent), data: { into } });

  await expectSameNotFound(await post(team.agent, UNKNOWN_TICKET_NUMBER, target.number), await post(team.agent, secret.number, target.number));
  await expectSameNotFound(await post(team.agent, UNKNOWN_TICKET_NUMBER, target.number), await post(team.outsider, source.number, target.number));
  await expectSameNotFound(await post(team.agent, source.number, UNKNOWN_TICKET_NUMBER), await post(team.agent, source.number, secret.number));
  // Into a ticket in a queue the caller cannot read, even with rw on the source.
  const sourceOnly = await createApiAgent(s.db, [[team.group, "rw"]]);
  const elsewhere = await ticketFor(s, { queue: team.otherQueue.id });
  await expectSameNotFound(await post(sourceOnly, source.number, UNKNOWN_TICKET_NUMBER), await post(sourceOnly, source.number, elsewhere.number));
  expect((await fetchTicket(request, team.agent, source.number)).state).toBe("new");
});

test("POST merge answers 400 naming the field for bad input", async ({ request }) => {
  const s = setup();
  const source = await ticketFor(s);
  const target = await ticketFor(s);
  const headers = bearer(s.team.agent);
  const post = (data: unknown) => request.post(mergeUrl(source.number), { headers, data });

  await expectInvalid(await request.post(mergeUrl(source.number), { headers: rawJson(headers), data: Buffer.from("into=1") }), "body");
  await expectInvalid(await post({}), "into");
  await expectInvalid(await post({ into: Number(target.number) }), "into");
  await expectInvalid(await post({ into: "abc" }), "into");
  await expectInvalid(await post({ into: "" }), "into");
  await expectInvalid(await post({ into: source.number }), "into");
  await expectInvalid(await post({ into: target.number, version: "2" }), "version");
  await expectInvalid(await request.post(mergeUrl("abc"), { headers, data: { into: target.number } }), "number");
  await expectInvalid(await request.post(mergeUrl(UNKNOWN_TICKET_NUMBER), { headers, data: { into: 5 } }), "into");

  // A merged ticket can neither be merged again nor receive another.
  const third = await ticketFor(s);
  await mergeTickets(s.db, { actor: s.team.agent.actor, number: third.number, into: target.number });
  await expectInvalid(await request.post(mergeUrl(third.number), { headers, data: { into: source.number } }), "number");
  await expectInvalid(await post({ into: third.number }), "into");
  expect((await fetchTicket(request, s.team.agent, source.number)).state).toBe("new");
});
