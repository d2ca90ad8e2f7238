import { expect, test } from "@playwright/test";
import { addTemplate } from "../../../server/templates/add-template";
import { lockTicket } from "../../../server/tickets/lock-ticket";
import { testAdmin } from "../../support/factories";
import {
  agentRef,
  bearer,
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
  unique,
  UNKNOWN_TICKET_NUMBER,
  apiSetupForFile,
  withoutArticles,
  type ApiArticle,
} from "./support";

const setup = apiSetupForFile();

const articlesUrl = (number: string) => `/api/v1/tickets/${number}/articles`;

test("a note: 201 and the article; the ticket's lock, owner and state stay", async ({ request }) => {
  const s = setup();
  const { team } = s;
  const ticket = await ticketFor(s);
  const note = await expectStatus<ApiArticle>(
    await request.post(articlesUrl(ticket.number), { headers: bearer(team.noter), data: { kind: "note", body: "Customer called again.\nStill broken.", subject: "Second call" } }),
    201,
  );
  expect(note).toEqual({
    id: expect.any(Number),
    kind: "note_internal",
    from: team.noter.name,
    to: null,
    cc: null,
    subject: "Second call",
    body: "Customer called again.\nStill broken.",
    createdAt: expect.stringMatching(ISO_DATE),
    createdBy: agentRef(team.noter),
    attachments: [],
  });

  const shown = await fetchTicket(request, team.reader, ticket.number);
  expect(shown.articles.map((article) => article.id)).toEqual([shown.articles[0]!.id, note.id]);
  expect(shown.articles.at(-1)).toEqual(note);
  expect(withoutArticles(shown)).toMatchObject({ state: "new", lock: "unlocked", owner: agentRef(team.agent) });
  expect((await fetchHistory(request, team.reader, ticket.number)).at(-1)).toMatchObject({ type: "AddNote", actor: agentRef(team.noter) });

  // Without a subject a note is called "Note".
  const plain = await expectStatus<ApiArticle>(await request.post(articlesUrl(ticket.number), { headers: bearer(team.agent), data: { kind: "note", body: "ok" } }), 201);
  expect(plain).toMatchObject({ kind: "note_internal", subject: "Note", from: team.agent.name, createdBy: agentRef(team.agent) });
});

test("a reply locks the unlocked ticket to the caller first, mails the customer and opens a new ticket", async ({ request }) => {
  const s = setup();
  const { team } = s;
  const ticket = await ticketFor(s, { title: "Monitor flickers" });
  const reply = await expectStatus<ApiArticle>(await request.post(articlesUrl(ticket.number), { headers: bearer(team.colleague), data: { kind: "reply", body: "Please try another cable." } }), 201);
  expect(reply).toEqual({
    id: expect.any(Number),
    kind: "email_out",
    from: `${team.queue.name} <${team.queue.address}>`,
    to: ticket.customer!.email,
    cc: null,
    subject: `[Ticket#${ticket.number}] Re: Monitor flickers`,
    body: "Please try another cable.",
    createdAt: expect.stringMatching(ISO_DATE),
    createdBy: agentRef(team.colleague),
    attachments: [],
  });

  const shown = await fetchTicket(request, team.reader, ticket.number);
  expect(withoutArticles(shown)).toEqual({ ...ticket, state: "open", lock: "locked", owner: agentRef(team.colleague), version: ticket.version + 1, updatedAt: expect.stringMatching(ISO_DATE) });
  expect(shown.articles.at(-1)).toEqual(reply);
  const history = await fetchHistory(request, team.reader, ticket.number);
  expect(history.slice(-3).map(({ type, actor }) => [type, actor?.login])).toEqual([
    ["Lock", team.colleague.login],
    ["SendAnswer", team.colleague.login],
    ["StateUpdate", team.colleague.login],
  ]);
});

test("a reply with recipients, a subject, a next state and a pending time", async ({ request }) => {
  const s = setup();
  const { team } = s;
  const ticket = await ticketFor(s);
  const pendingUntil = new Date(Date.now() + 3 * 86_400_000);
  pendingUntil.setUTCMilliseconds(0);
  const reply = await expectStatus<ApiArticle>(
    await request.post(articlesUrl(ticket.number), {
      headers: bearer(team.agent),
      data: {
        kind: "reply",
        body: "Waiting for your answer.",
        subject: "Your monitor",
        to: ["first@example.com", "second@example.com"],
        cc: "boss@example.com",
        state: "pending reminder",
        pendingUntil: pendingUntil.toISOString().replace("Z", "+00:00"),
        version: ticket.version,
      },
    }),
    201,
  );
  expect(reply).toMatchObject({ to: "first@example.com, second@example.com", cc: "boss@example.com", subject: `[Ticket#${ticket.number}] Your monitor` });
  expect(withoutArticles(await fetchTicket(request, team.agent, ticket.number))).toMatchObject({ state: "pending reminder", pendingUntil: pendingUntil.toISOString(), lock: "locked", owner: agentRef(team.agent) });

  // Closing with the reply ends the lock.
  await expectStatus(await request.post(articlesUrl(ticket.number), { headers: bearer(team.agent), data: { kind: "reply", body: "Solved.", state: "closed successful" } }), 201);
  expect(withoutArticles(await fetchTicket(request, team.agent, ticket.number))).toMatchObject({ state: "closed successful", pendingUntil: null, lock: "unlocked", owner: agentRef(team.agent) });
});

test("a reply or note from a template: the body is the template filled in for the ticket", async ({ request }) => {
  const s = setup();
  const { team } = s;
  const template = await addTemplate(s.db, { name: `Solved ${unique()}`, kind: "answer", body: "Dear {{customer.name}},\nticket {{ticket.number}} is solved.\n{{agent.name}}", queues: [team.queue.id] });
  const ticket = await ticketFor(s, { customer: { email: `frank-${unique()}@example.com`, name: "Frank" } });
  const reply = await expectStatus<ApiArticle>(await request.post(articlesUrl(ticket.number), { headers: bearer(team.agent), data: { kind: "reply", templateId: template.id } }), 201);
  expect(reply.body).toBe(`Dear Frank,\nticket ${ticket.number} is solved.\n${team.agent.name}`);
  // A body given with the template wins.
  const note = await expectStatus<ApiArticle>(await request.post(articlesUrl(ticket.number), { headers: bearer(team.noter), data: { kind: "note", templateId: template.id, body: "My own words" } }), 201);
  expect(note.body).toBe("My own words");
});

test("another agent's lock: a reply answers 409 locked, a note is allowed", async ({ request }) => {
  const s = setup();
  const { team } = s;
  const ticket = await ticketFor(s);
  const locked = await lockTicket(s.db, { actor: team.colleague.actor, number: ticket.number });
  await expectLocked(await request.post(articlesUrl(ticket.number), { headers: bearer(team.agent), data: { kind: "reply", body: "Let me answer." } }), team.colleague);
  await expectLocked(await request.post(articlesUrl(ticket.number), { headers: bearer(team.agent), data: { kind: "reply", body: "Let me answer.", version: locked.version } }), team.colleague);
  expect((await fetchTicket(request, team.agent, ticket.number)).articles).toHaveLength(1);

  for (const agent of [team.agent, team.noter]) {
    const note = await expectStatus<ApiArticle>(await request.post(articlesUrl(ticket.number), { headers: bearer(agent), data: { kind: "note", body: `A hint from ${agent.login}` } }), 201);
    expect(note.createdBy).toEqual(agentRef(agent));
  }
  expect(withoutArticles(await fetchTicket(request, team.agent, ticket.number))).toMatchObject({ lock: "locked", owner: agentRef(team.colleague) });
});

test("answers 403 without the permission: note needs `note`, reply needs rw (before 409)", async ({ request }) => {
  const s = setup();
  const { team } = s;
  const ticket = await ticketFor(s);
  const post = (agent: { token: string }, kind: string) => request.post(articlesUrl(ticket.number), { headers: bearer(agent), data: { kind, body: "text" } });
  for (const agent of [team.reader, team.ownerAgent, team.prioritizer, team.creator]) await expectForbidden(await post(agent, "note"));
  for (const agent of [team.reader, team.noter, team.ownerAgent]) await expectForbidden(await post(agent, "reply"));
  await lockTicket(s.db, { actor: team.colleague.actor, number: ticket.number });
  await expectForbidden(await post(team.noter, "reply"));
  expect((await fetchTicket(request, team.agent, ticket.number)).articles).toHaveLength(1);
});

test("answers 409 conflict with the current ticket for a stale version", async ({ request }) => {
  const s = setup();
  const ticket = await ticketFor(s);
  for (const kind of ["note", "reply"]) {
    await expectConflict(await request.post(articlesUrl(ticket.number), { headers: bearer(s.team.agent), data: { kind, body: "late", version: ticket.version + 5 } }), ticket);
  }
  expect((await fetchTicket(request, s.team.agent, ticket.number)).articles).toHaveLength(1);
});

test("refuses a bad token and a request without credentials", async ({ request }) => {
  const ticket = await ticketFor(setup());
  await expectUnauthenticated((headers) => request.post(articlesUrl(ticket.number), { headers, data: { kind: "note", body: "hi" } }));
  expect((await fetchTicket(request, setup().team.agent, ticket.number)).articles).toHaveLength(1);
});

test("answers 404 alike for an unknown ticket and one the caller may not read", async ({ request }) => {
  const s = setup();
  const secret = await ticketFor(s, { queue: s.team.secretQueue.id, actor: await testAdmin(s.db) });
  const mine = await ticketFor(s);
  for (const kind of ["note", "reply"]) {
    const data = { kind, body: "hello" };
    const unknown = await request.post(articlesUrl(UNKNOWN_TICKET_NUMBER), { headers: bearer(s.team.agent), data });
    await expectSameNotFound(unknown, await request.post(articlesUrl(secret.number), { headers: bearer(s.team.agent), data }));
    await expectSameNotFound(unknown, await request.post(articlesUrl(mine.number), { headers: bearer(s.team.outsider), data }));
  }
});

test("answers 400 naming the field for bad input", async ({ request }) => {
  const s = setup();
  const { team } = s;
  const ticket = await ticketFor(s);
  const otherTemplate = await addTemplate(s.db, { name: `Elsewhere ${unique()}`, body: "Not for this queue", queues: [team.otherQueue.id] });
  const headers = bearer(team.agent);
  const post = (data: unknown) => request.post(articlesUrl(ticket.number), { headers, data });

  await expectInvalid(await request.post(articlesUrl(ticket.number), { headers: rawJson(headers), data: Buffer.from('{"kind": "note", "body": "unterminated') }), "body");
  await expectInvalid(await post({ body: "no kind" }), "kind");
  await expectInvalid(await post({ kind: "sms", body: "hi" }), "kind");
  await expectInvalid(await post({ kind: "email_out", body: "hi" }), "kind");
  for (const kind of ["note", "reply"]) {
    await expectInvalid(await post({ kind }), "body");
    await expectInvalid(await post({ kind, body: "" }), "body");
    await expectInvalid(await post({ kind, body: " \n\t " }), "body");
    await expectInvalid(await post({ kind, body: 42 }), "body");
    await expectInvalid(await post({ kind, body: "hi", subject: 42 }), "subject");
    await expectInvalid(await post({ kind, templateId: "1" }), "templateId");
    await expectInvalid(await post({ kind, templateId: 0 }), "templateId");
    await expectInvalid(await post({ kind, templateId: otherTemplate.id }), "templateId");
    await expectInvalid(await post({ kind, body: "hi", state: "bogus" }), "state");
    await expectInvalid(await post({ kind, body: "hi", state: "pending reminder" }), "pendingUntil");
    await expectInvalid(await post({ kind, body: "hi", state: "pending reminder", pendingUntil: "tomorrow" }), "pendingUntil");
    await expectInvalid(await post({ kind, body: "hi", state: "pending reminder", pendingUntil: "2030-02-30" }), "pendingUntil");
    await expectInvalid(await post({ kind, body: "hi", version: "1" }), "version");
    await expectInvalid(await post({ kind, body: "hi", attachments: [{ filename: "a.txt", contentType: "text/plain", contentBase64: "%%%" }] }), "attachments.0.contentBase64");
    await expectInvalid(await post({ kind, body: "hi", attachments: [{ contentType: "text/plain", contentBase64: "aGk=" }] }), "attachments.0.filename");
  }
  await expectInvalid(await post({ kind: "reply", body: "hi", to: "not-an-address" }), "to");
  await expectInvalid(await post({ kind: "reply", body: "hi", to: ["ok@example.com", "not-an-address"] }), "to.1");
  await expectInvalid(await post({ kind: "reply", body: "hi", cc: 5 }), "cc");

  // Validation comes before the ticket is looked up.
  await expectInvalid(await request.post(articlesUrl(UNKNOWN_TICKET_NUMBER), { headers, data: { kind: "sms", body: "hi" } }), "kind");
  await expectInvalid(await request.post(articlesUrl("abc"), { headers, data: { kind: "note", body: "hi" } }), "number");
  // Nothing was stored, and the failed replies did not lock the ticket.
  expect(withoutArticles(await fetchTicket(request, team.agent, ticket.number))).toEqual(ticket);
  expect((await fetchTicket(request, team.agent, ticket.number)).articles).toHaveLength(1);
});

test("an article body may be larger than the 1 MB of plain requests when it carries attachments", async ({ request }) => {
  const s = setup();
  const ticket = await ticketFor(s);
  const content = Buffer.alloc(1536 * 1024, 7);
  const note = await expectStatus<ApiArticle>(
    await request.post(articlesUrl(ticket.number), {
      headers: bearer(s.team.agent),
      data: { kind: "note", body: "The dump.", attachments: [{ filename: "dump.bin", contentType: "application/octet-stream", contentBase64: content.toString("base64") }] },
    }),
    201,
  );
  expect(note.attachments).toEqual([{ id: expect.any(Number), filename: "dump.bin", contentType: "application/octet-stream", size: content.length }]);
});
