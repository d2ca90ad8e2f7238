import { expect, test } from "@playwright/test";
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
  expectTooLarge,
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

const lockUrl = (number: string) => `/api/v1/tickets/${number}/lock`;
const unlockUrl = (number: string) => `/api/v1/tickets/${number}/unlock`;

test.describe("POST /tickets/:number/lock", () => {
  test("locks the ticket to the caller, who becomes its owner", async ({ request }) => {
    const s = setup();
    const { team } = s;
    const created = await ticketFor(s);
    const locked = await expectStatus<ApiTicket>(await request.post(lockUrl(created.number), { headers: bearer(team.colleague) }), 200);
    expect(locked).toEqual({
      ...created,
      lock: "locked",
      owner: agentRef(team.colleague),
      version: created.version + 1,
      updatedAt: expect.stringMatching(ISO_DATE),
    });
    expect(withoutArticles(await fetchTicket(request, team.reader, created.number))).toEqual(locked);
    const history = await fetchHistory(request, team.reader, created.number);
    expect(history.at(-1)).toMatchObject({ type: "Lock", actor: agentRef(team.colleague) });

    // Locking one's own lock again changes nothing; a current version is accepted.
    const again = await expectStatus<ApiTicket>(await request.post(lockUrl(created.number), { headers: bearer(team.colleague), data: { version: locked.version } }), 200);
    expect(again).toEqual(locked);
    expect(await fetchHistory(request, team.reader, created.number)).toEqual(history);
  });

  test("with an empty JSON object or no body at all", async ({ request }) => {
    const s = setup();
    const first = await ticketFor(s);
    const second = await ticketFor(s);
    expect((await expectStatus<ApiTicket>(await request.post(lockUrl(first.number), { headers: bearer(s.team.agent), data: {} }), 200)).lock).toBe("locked");
    expect((await expectStatus<ApiTicket>(await request.post(lockUrl(second.number), { headers: rawJson(bearer(s.team.agent)), data: Buffer.from("") }), 200)).lock).toBe("locked");
  });

  test("answers 409 locked, naming the owner, when another agent holds the lock", async ({ request }) => {
    const s = setup();
    const ticket = await ticketFor(s);
    const locked = await lockTicket(s.db, { actor: s.team.colleague.actor, number: ticket.number });
    await expectLocked(await request.post(lockUrl(ticket.number), { headers: bearer(s.team.agent) }), s.team.colleague);
    await expectLocked(await request.post(lockUrl(ticket.number), { headers: bearer(s.team.agent), data: { version: locked.version } }), s.team.colleague);
    // Nothing changed.
    expect(withoutArticles(await fetchTicket(request, s.team.agent, ticket.number))).toEqual(locked);
  });

  test("answers 409 conflict with the current ticket for a stale version", async ({ request }) => {
    const s = setup();
    const ticket = await ticketFor(s);
    const response = await request.post(lockUrl(ticket.number), { headers: bearer(s.team.agent), data: { version: ticket.version + 7 } });
    await expectConflict(response, ticket);
    expect(withoutArticles(await fetchTicket(request, s.team.agent, ticket.number))).toEqual(ticket);
  });

  test("refuses a bad token and a request without credentials", async ({ request }) => {
    const ticket = await ticketFor(setup());
    await expectUnauthenticated((headers) => request.post(lockUrl(ticket.number), { headers }));
    expect((await fetchTicket(request, setup().team.agent, ticket.number)).lock).toBe("unlocked");
  });

  test("answers 404 alike for an unknown ticket and one the caller may not read", async ({ request }) => {
    const s = setup();
    const secret = await ticketFor(s, { queue: s.team.secretQueue.id, actor: await testAdmin(s.db) });
    const mine = await ticketFor(s);
    const unknown = await request.post(lockUrl(UNKNOWN_TICKET_NUMBER), { headers: bearer(s.team.agent) });
    await expectSameNotFound(unknown, await request.post(lockUrl(secret.number), { headers: bearer(s.team.agent) }));
    await expectSameNotFound(unknown, await request.post(lockUrl(mine.number), { headers: bearer(s.team.outsider) }));
  });

  test("answers 403 without rw, also when another agent holds the lock (403 comes before 409)", async ({ request }) => {
    const s = setup();
    const ticket = await ticketFor(s);
    for (const agent of [s.team.reader, s.team.noter, s.team.ownerAgent, s.team.prioritizer, s.team.creator]) {
      await expectForbidden(await request.post(lockUrl(ticket.number), { headers: bearer(agent) }));
    }
    await lockTicket(s.db, { actor: s.team.agent.actor, number: ticket.number });
    await expectForbidden(await request.post(lockUrl(ticket.number), { headers: bearer(s.team.reader) }));
  });

  test("answers 403, not 409 conflict, for a stale version from an agent without rw", async ({ request }) => {
    const s = setup();
    const ticket = await ticketFor(s);
    await expectForbidden(await request.post(lockUrl(ticket.number), { headers: bearer(s.team.reader), data: { version: ticket.version + 1 } }));
  });

  test("answers 400 naming the field for bad input", async ({ request }) => {
    const s = setup();
    const ticket = await ticketFor(s);
    const headers = bearer(s.team.agent);
    await expectInvalid(await request.post(lockUrl(ticket.number), { headers: rawJson(headers), data: Buffer.from("{version: 1}") }), "body");
    await expectInvalid(await request.post(lockUrl(ticket.number), { headers: rawJson(headers), data: Buffer.from("[1]") }), "body");
    await expectInvalid(await request.post(lockUrl(ticket.number), { headers, data: { version: "2" } }), "version");
    await expectInvalid(await request.post(lockUrl(ticket.number), { headers, data: { version: 0 } }), "version");
    await expectInvalid(await request.post(lockUrl(ticket.number), { headers, data: { version: 1.5 } }), "version");
    await expectInvalid(await request.post(lockUrl("abc"), { headers }), "number");
    // Validation comes before the ticket is looked up.
    await expectInvalid(await request.post(lockUrl(UNKNOWN_TICKET_NUMBER), { headers, data: { version: "2" } }), "version");
    expect((await fetchTicket(request, s.team.agent, ticket.number)).lock).toBe("unlocked");
  });

  test("answers 413 for a body over 1 MB", async ({ request }) => {
    const ticket = await ticketFor(setup());
    const big = JSON.stringify({ version: 1, padding: "x".repeat(1024 * 1024) });
    await expectTooLarge(await request.post(lockUrl(ticket.number), { headers: rawJson(bearer(setup().team.agent)), data: Buffer.from(big) }));
  });
});

test.describe("POST /tickets/:number/unlock", () => {
  test("the lock holder unlocks; the owner stays recorded", async ({ request }) => {
    const s = setup();
    const ticket = await ticketFor(s);
    const locked = await lockTicket(s.db, { actor: s.team.colleague.actor, number: ticket.number });
    const unlocked = await expectStatus<ApiTicket>(await request.post(unlockUrl(ticket.number), { headers: bearer(s.team.colleague), data: { version: locked.version } }), 200);
    expect(unlocked).toEqual({ ...locked, lock: "unlocked", owner: agentRef(s.team.colleague), version: locked.version + 1, updatedAt: expect.stringMatching(ISO_DATE) });
    expect(withoutArticles(await fetchTicket(request, s.team.reader, ticket.number))).toEqual(unlocked);
    expect((await fetchHistory(request, s.team.reader, ticket.number)).at(-1)).toMatchObject({ type: "Unlock", actor: agentRef(s.team.colleague) });

    // Unlocking an unlocked ticket changes nothing.
    expect(await expectStatus<ApiTicket>(await request.post(unlockUrl(ticket.number), { headers: bearer(s.team.colleague) }), 200)).toEqual(unlocked);
  });

  test("answers 409 locked to an agent who neither holds the lock nor forces it", async ({ request }) => {
    const s = setup();
    const ticket = await ticketFor(s);
    const locked = await lockTicket(s.db, { actor: s.team.colleague.actor, number: ticket.number });
    // rw implies `owner`, but without force the lock stays.
    await expectLocked(await request.post(unlockUrl(ticket.number), { headers: bearer(s.team.agent) }), s.team.colleague);
    await expectLocked(await request.post(unlockUrl(ticket.number), { headers: bearer(s.team.agent), data: { force: false } }), s.team.colleague);
    // Without `owner`, force does not help.
    await expectLocked(await request.post(unlockUrl(ticket.number), { headers: bearer(s.team.reader), data: { force: true } }), s.team.colleague);
    await expectLocked(await request.post(unlockUrl(ticket.number), { headers: bearer(s.team.noter), data: { force: true } }), s.team.colleague);
    await expectLocked(await request.post(unlockUrl(ticket.number), { headers: bearer(s.team.prioritizer) }), s.team.colleague);
    expect(withoutArticles(await fetchTicket(request, s.team.reader, ticket.number))).toEqual(locked);
  });

  test("an agent with the owner permission releases another's lock with force", async ({ request }) => {
    const s = setup();
    for (const agent of [s.team.ownerAgent, s.team.agent]) {
      const ticket = await ticketFor(s);
      const locked = await lockTicket(s.db, { actor: s.team.colleague.actor, number: ticket.number });
      const unlocked = await expectStatus<ApiTicket>(await request.post(unlockUrl(ticket.number), { headers: bearer(agent), data: { force: true } }), 200);
      expect(unlocked).toEqual({ ...locked, lock: "unlocked", version: locked.version + 1, updatedAt: expect.stringMatching(ISO_DATE) });
      expect((await fetchHistory(request, s.team.reader, ticket.number)).at(-1)).toMatchObject({ type: "Unlock", actor: agentRef(agent) });
    }
  });

  test("answers 403 to an agent without rw on an unlocked ticket", async ({ request }) => {
    const ticket = await ticketFor(setup());
    await expectForbidden(await request.post(unlockUrl(ticket.number), { headers: bearer(setup().team.reader) }));
  });

  test("answers 409 conflict with the current ticket for a stale version", async ({ request }) => {
    const s = setup();
    const ticket = await ticketFor(s);
    const locked = await lockTicket(s.db, { actor: s.team.agent.actor, number: ticket.number });
    await expectConflict(await request.post(unlockUrl(ticket.number), { headers: bearer(s.team.agent), data: { version: ticket.version } }), locked);
    expect((await fetchTicket(request, s.team.agent, ticket.number)).lock).toBe("locked");
  });

  test("refuses a bad token and a request without credentials", async ({ request }) => {
    const s = setup();
    const ticket = await ticketFor(s);
    await lockTicket(s.db, { actor: s.team.agent.actor, number: ticket.number });
    await expectUnauthenticated((headers) => request.post(unlockUrl(ticket.number), { headers, data: { force: true } }));
    expect((await fetchTicket(request, s.team.agent, ticket.number)).lock).toBe("locked");
  });

  test("answers 404 alike for an unknown ticket and one the caller may not read", async ({ request }) => {
    const s = setup();
    const secret = await ticketFor(s, { queue: s.team.secretQueue.id, actor: await testAdmin(s.db) });
    const mine = await ticketFor(s);
    const unknown = await request.post(unlockUrl(UNKNOWN_TICKET_NUMBER), { headers: bearer(s.team.agent), data: { force: true } });
    await expectSameNotFound(unknown, await request.post(unlockUrl(secret.number), { headers: bearer(s.team.agent), data: { force: true } }));
    await expectSameNotFound(unknown, await request.post(unlockUrl(mine.number), { headers: bearer(s.team.outsider), data: { force: true } }));
  });

  test("answers 400 naming the field for bad input", async ({ request }) => {
    const s = setup();
    const ticket = await ticketFor(s);
    await lockTicket(s.db, { actor: s.team.colleague.actor, number: ticket.number });
    const headers = bearer(s.team.agent);
    await expectInvalid(await request.post(unlockUrl(ticket.number), { headers: rawJson(headers), data: Buffer.from("force=true") }), "body");
    await expectInvalid(await request.post(unlockUrl(ticket.number), { headers, data: { force: "yes" } }), "force");
    await expectInvalid(await request.post(unlockUrl(ticket.number), { headers, data: { force: 1 } }), "force");
    await expectInvalid(await request.post(unlockUrl(ticket.number), { headers, data: { force: true, version: "3" } }), "version");
    expect((await fetchTicket(request, s.team.agent, ticket.number)).lock).toBe("locked");
  });
});
