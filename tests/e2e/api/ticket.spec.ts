import { expect, test } from "@playwright/test";
import { addNote } from "../../../server/tickets/add-note";
import { replyToTicket } from "../../../server/tickets/reply-to-ticket";
import { testAdmin } from "../../support/factories";
import {
  agentRef,
  bearer,
  expectInvalid,
  expectSameNotFound,
  expectStatus,
  expectUnauthenticated,
  fetchTicket,
  ISO_DATE,
  ticketFor,
  UNKNOWN_TICKET_NUMBER,
  apiSetupForFile,
  type ApiTicketWithArticles,
} from "./support";

const setup = apiSetupForFile();

test("GET /tickets/:number answers the ticket with its articles, oldest first", async ({ request }) => {
  const s = setup();
  const { team } = s;
  const created = await ticketFor(s, { title: "Scanner jams", body: "Every second page.", customer: { email: `erin-${Date.now()}@example.com`, name: "Erin" }, priority: 4 });
  const note = await addNote(s.db, { actor: team.noter.actor, number: created.number, body: "Called back, no answer.", subject: "Callback" });
  const reply = await replyToTicket(s.db, { actor: team.colleague.actor, number: created.number, body: "We are on it.", cc: ["boss@example.com"] });

  const ticket = await expectStatus<ApiTicketWithArticles>(await request.get(`/api/v1/tickets/${created.number}`, { headers: bearer(team.reader) }), 200);
  expect(ticket).toEqual({
    id: created.id,
    number: created.number,
    title: "Scanner jams",
    queue: { id: team.queue.id, name: team.queue.name },
    // The reply locked the unlocked ticket to the colleague and opened it.
    state: "open",
    lock: "locked",
    owner: agentRef(team.colleague),
    priority: 4,
    customer: { email: created.customer!.email, name: "Erin" },
    version: expect.any(Number),
    pendingUntil: null,
    createdAt: created.createdAt,
    updatedAt: expect.stringMatching(ISO_DATE),
    articles: [
      {
        id: expect.any(Number),
        kind: "phone",
        from: `Erin <${created.customer!.email}>`,
        to: null,
        cc: null,
        subject: "Scanner jams",
        body: "Every second page.",
        createdAt: expect.stringMatching(ISO_DATE),
        createdBy: agentRef(team.agent),
        attachments: [],
      },
      {
        id: note.id,
        kind: "note_internal",
        from: team.noter.name,
        to: null,
        cc: null,
        subject: "Callback",
        body: "Called back, no answer.",
        createdAt: note.createdAt,
        createdBy: agentRef(team.noter),
        attachments: [],
      },
      {
        id: reply.id,
        kind: "email_out",
        from: `${team.queue.name} <${team.queue.address}>`,
        to: created.customer!.email,
        cc: "boss@example.com",
        subject: `[Ticket#${created.number}] Re: Scanner jams`,
        body: "We are on it.",
        createdAt: reply.createdAt,
        createdBy: agentRef(team.colleague),
        attachments: [],
      },
    ],
  });
  expect(ticket.version).toBeGreaterThan(created.version);
  expect(ticket.articles[0]!.id).toBeLessThan(note.id);
  expect(note.id).toBeLessThan(reply.id);

  // Every agent who may read the queue sees the same.
  expect(await fetchTicket(request, team.agent, created.number)).toEqual(ticket);
  expect(await fetchTicket(request, team.noter, created.number)).toEqual(ticket);
});

test("GET /tickets/:number refuses a bad token and a request without credentials", async ({ request }) => {
  const ticket = await ticketFor(setup());
  await expectUnauthenticated((headers) => request.get(`/api/v1/tickets/${ticket.number}`, { headers }));
  await expectUnauthenticated((headers) => request.get(`/api/v1/tickets/${UNKNOWN_TICKET_NUMBER}`, { headers }));
});

test("GET /tickets/:number answers 404 alike for an unknown ticket and one the caller may not read", async ({ request }) => {
  const s = setup();
  const { team } = s;
  const secret = await ticketFor(s, { queue: team.secretQueue.id, actor: await testAdmin(s.db) });
  const mine = await ticketFor(s);
  const unknown = await request.get(`/api/v1/tickets/${UNKNOWN_TICKET_NUMBER}`, { headers: bearer(team.agent) });
  await expectSameNotFound(unknown, await request.get(`/api/v1/tickets/${secret.number}`, { headers: bearer(team.agent) }));
  await expectSameNotFound(unknown, await request.get(`/api/v1/tickets/${mine.number}`, { headers: bearer(team.outsider) }));
  // The number differs from a real one in its last digit only: still unknown.
  const neighbour = `${mine.number.slice(0, -1)}${(Number(mine.number.slice(-1)) + 1) % 10}`;
  await expectSameNotFound(unknown, await request.get(`/api/v1/tickets/${neighbour}`, { headers: bearer(team.agent) }));
});

test("GET /tickets/:number answers 400 naming `number` for something that is no ticket number", async ({ request }) => {
  const { team } = setup();
  await expectInvalid(await request.get("/api/v1/tickets/abc", { headers: bearer(team.agent) }), "number");
  await expectInvalid(await request.get(`/api/v1/tickets/${"1".repeat(41)}`, { headers: bearer(team.agent) }), "number");
  await expectInvalid(await request.get("/api/v1/tickets/12%2034", { headers: bearer(team.agent) }), "number");
});
