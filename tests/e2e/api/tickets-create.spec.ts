import { expect, test } from "@playwright/test";
import {
  agentRef,
  bearer,
  expectForbidden,
  expectInvalid,
  expectSameNotFound,
  expectStatus,
  expectUnauthenticated,
  fetchHistory,
  fetchTicket,
  hasValidCheckDigit,
  ISO_DATE,
  rawJson,
  unique,
  apiSetupForFile,
  type ApiTicket,
} from "./support";

const setup = apiSetupForFile();

const utcDay = (at: Date) => at.toISOString().slice(0, 10).replaceAll("-", "");

function newTicketBody(queue: number | string, extra: Record<string, unknown> = {}) {
  return { queue, title: `Printer on fire ${unique()}`, customer: { email: `dana-${unique()}@example.com`, name: "Dana Doe" }, body: "It started smoking at nine.", ...extra };
}

test("POST /tickets creates a phone ticket: 201 and the ticket, its article and history", async ({ request }) => {
  const { team } = setup();
  const input = newTicketBody(team.queue.id);
  const before = new Date();
  const ticket = await expectStatus<ApiTicket>(await request.post("/api/v1/tickets", { headers: bearer(team.agent), data: input }), 201);
  const after = new Date();

  expect(ticket).toEqual({
    id: expect.any(Number),
    number: expect.stringMatching(/^\d{8}10\d{5,}\d$/),
    title: input.title,
    queue: { id: team.queue.id, name: team.queue.name },
    state: "new",
    lock: "unlocked",
    owner: agentRef(team.agent),
    priority: 3,
    customer: { email: input.customer.email, name: "Dana Doe" },
    version: 1,
    pendingUntil: null,
    createdAt: expect.stringMatching(ISO_DATE),
    updatedAt: expect.stringMatching(ISO_DATE),
  });
  expect(hasValidCheckDigit(ticket.number), ticket.number).toBe(true);
  expect([utcDay(before), utcDay(after)]).toContain(ticket.number.slice(0, 8));
  expect(Date.parse(ticket.createdAt)).toBeGreaterThanOrEqual(before.getTime() - 1000);
  expect(Date.parse(ticket.createdAt)).toBeLessThanOrEqual(after.getTime() + 1000);

  const shown = await fetchTicket(request, team.reader, ticket.number);
  expect(shown).toEqual({
    ...ticket,
    articles: [
      {
        id: expect.any(Number),
        kind: "phone",
        from: `Dana Doe <${input.customer.email}>`,
        to: null,
        cc: null,
        subject: input.title,
        body: input.body,
        createdAt: expect.stringMatching(ISO_DATE),
        createdBy: agentRef(team.agent),
        attachments: [],
      },
    ],
  });

  const history = await fetchHistory(request, team.agent, ticket.number);
  expect(history.map(({ type, actor }) => ({ type, actor }))).toEqual([
    { type: "NewTicket", actor: agentRef(team.agent) },
    { type: "PhoneCallCustomer", actor: agentRef(team.agent) },
  ]);
});

test("POST /tickets with kind email_out, the queue by name and a priority: an open ticket whose mail goes out", async ({ request }) => {
  const { team } = setup();
  const input = newTicketBody(team.queue.name.toLowerCase(), { kind: "email_out", priority: 5 });
  const ticket = await expectStatus<ApiTicket>(await request.post("/api/v1/tickets", { headers: bearer(team.colleague), data: input }), 201);
  expect(ticket).toMatchObject({ queue: { id: team.queue.id, name: team.queue.name }, state: "open", lock: "unlocked", priority: 5, owner: agentRef(team.colleague) });

  const shown = await fetchTicket(request, team.colleague, ticket.number);
  expect(shown.articles).toEqual([
    {
      id: expect.any(Number),
      kind: "email_out",
      from: `${team.queue.name} <${team.queue.address}>`,
      to: input.customer.email,
      cc: null,
      subject: `[Ticket#${ticket.number}] ${input.title}`,
      body: input.body,
      createdAt: expect.stringMatching(ISO_DATE),
      createdBy: agentRef(team.colleague),
      attachments: [],
    },
  ]);
  expect((await fetchHistory(request, team.colleague, ticket.number)).map((entry) => entry.type)).toEqual(["NewTicket", "EmailCustomer"]);
});

test("POST /tickets stores attachments with the first article", async ({ request }) => {
  const { team } = setup();
  const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0xfe, 0x0a, 0x80]);
  const input = newTicketBody(team.queue.id, { attachments: [{ filename: "scan.pdf", contentType: "application/pdf", contentBase64: bytes.toString("base64") }] });
  const ticket = await expectStatus<ApiTicket>(await request.post("/api/v1/tickets", { headers: bearer(team.agent), data: input }), 201);
  const [article] = (await fetchTicket(request, team.agent, ticket.number)).articles;
  expect(article?.attachments).toEqual([{ id: expect.any(Number), filename: "scan.pdf", contentType: "application/pdf", size: bytes.length }]);
  const file = await request.get(`/api/v1/attachments/${article!.attachments[0]!.id}`, { headers: bearer(team.reader) });
  expect(file.status()).toBe(200);
  expect(Buffer.compare(await file.body(), bytes)).toBe(0);
});

test("POST /tickets needs `create` on the queue, not rw: an agent with ro and create may create", async ({ request }) => {
  const { team } = setup();
  const ticket = await expectStatus<ApiTicket>(await request.post("/api/v1/tickets", { headers: bearer(team.creator), data: newTicketBody(team.queue.id) }), 201);
  expect(ticket.owner).toEqual(agentRef(team.creator));
});

test("POST /tickets refuses a bad token and a request without credentials", async ({ request }) => {
  const { team } = setup();
  await expectUnauthenticated((headers) => request.post("/api/v1/tickets", { headers, data: newTicketBody(team.queue.id) }));
  // Authentication comes before validation.
  await expectUnauthenticated((headers) => request.post("/api/v1/tickets", { headers: rawJson(headers), data: Buffer.from("{not json") }));
});

test("POST /tickets answers 403 on a readable queue without `create`", async ({ request }) => {
  const { team } = setup();
  await expectForbidden(await request.post("/api/v1/tickets", { headers: bearer(team.reader), data: newTicketBody(team.queue.id) }));
  await expectForbidden(await request.post("/api/v1/tickets", { headers: bearer(team.noter), data: newTicketBody(team.queue.name) }));
  await expectForbidden(await request.post("/api/v1/tickets", { headers: bearer(team.ownerAgent), data: newTicketBody(team.queue.id) }));
});

test("POST /tickets answers 404 alike for an unknown queue and one the caller may not read", async ({ request }) => {
  const { team } = setup();
  const post = (agent: { token: string }, queue: number | string) => request.post("/api/v1/tickets", { headers: bearer(agent), data: newTicketBody(queue) });
  const unreadable = await post(team.agent, team.secretQueue.id);
  await expectSameNotFound(await post(team.agent, 2_000_000_000), unreadable);
  await expectSameNotFound(await post(team.agent, `No such queue ${unique()}`), await post(team.agent, team.secretQueue.name));
  await expectSameNotFound(await post(team.agent, 2_000_000_000), await post(team.outsider, team.queue.id));
});

test("POST /tickets answers 400 naming the field for bad JSON, wrong types, missing fields and out-of-range values", async ({ request }) => {
  const { team } = setup();
  const headers = bearer(team.agent);
  const post = (data: unknown) => request.post("/api/v1/tickets", { headers, data });
  const valid = newTicketBody(team.queue.id);

  await expectInvalid(await request.post("/api/v1/tickets", { headers: rawJson(headers), data: Buffer.from('{"queue": 1, "title": ') }), "body");
  await expectInvalid(await request.post("/api/v1/tickets", { headers: rawJson(headers), data: Buffer.from("") }), "queue");

  const { queue: _queue, ...noQueue } = valid;
  await expectInvalid(await post(noQueue), "queue");
  await expectInvalid(await post({ ...valid, queue: true }), "queue");
  await expectInvalid(await post({ ...valid, queue: "" }), "queue");
  await expectInvalid(await post({ ...valid, queue: -3 }), "queue");

  const { title: _title, ...noTitle } = valid;
  await expectInvalid(await post(noTitle), "title");
  await expectInvalid(await post({ ...valid, title: 42 }), "title");
  await expectInvalid(await post({ ...valid, title: "" }), "title");
  await expectInvalid(await post({ ...valid, title: "   " }), "title");
  await expectInvalid(await post({ ...valid, title: "x".repeat(256) }), "title");

  const { customer: _customer, ...noCustomer } = valid;
  await expectInvalid(await post(noCustomer), "customer");
  await expectInvalid(await post({ ...valid, customer: "dana@example.com" }), "customer");
  await expectInvalid(await post({ ...valid, customer: { name: "Dana" } }), "customer.email");
  await expectInvalid(await post({ ...valid, customer: { email: "not-an-address" } }), "customer.email");
  await expectInvalid(await post({ ...valid, customer: { email: "dana@example.com", name: 7 } }), "customer.name");

  const { body: _body, ...noBody } = valid;
  await expectInvalid(await post(noBody), "body");
  await expectInvalid(await post({ ...valid, body: "" }), "body");
  await expectInvalid(await post({ ...valid, body: "  \n " }), "body");
  await expectInvalid(await post({ ...valid, body: ["text"] }), "body");

  await expectInvalid(await post({ ...valid, kind: "fax" }), "kind");
  await expectInvalid(await post({ ...valid, kind: "email_in" }), "kind");
  await expectInvalid(await post({ ...valid, priority: 0 }), "priority");
  await expectInvalid(await post({ ...valid, priority: 6 }), "priority");
  await expectInvalid(await post({ ...valid, priority: 2.5 }), "priority");
  await expectInvalid(await post({ ...valid, priority: "5" }), "priority");

  await expectInvalid(await post({ ...valid, attachments: "scan.pdf" }), "attachments");
  await expectInvalid(await post({ ...valid, attachments: [{ filename: "", contentType: "text/plain", contentBase64: "aGk=" }] }), "attachments.0.filename");
  await expectInvalid(await post({ ...valid, attachments: [{ filename: "a.txt", contentType: "text", contentBase64: "aGk=" }] }), "attachments.0.contentType");
  await expectInvalid(await post({ ...valid, attachments: [{ filename: "a.txt", contentType: "text/plain", contentBase64: "not base64!" }] }), "attachments.0.contentBase64");
  await expectInvalid(await post({ ...valid, attachments: [{ filename: "a.txt", contentType: "text/plain" }] }), "attachments.0.contentBase64");

  // Validation comes before the queue is looked up (404) and before permissions (403).
  await expectInvalid(await post({ ...valid, queue: `No such queue ${unique()}`, priority: 9 }), "priority");
  await expectInvalid(await post({ ...valid, queue: team.secretQueue.id, title: "" }), "title");
  await expectInvalid(await request.post("/api/v1/tickets", { headers: bearer(team.reader), data: { ...valid, priority: 9 } }), "priority");
});
