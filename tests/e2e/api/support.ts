/**
 * What the /api/v1 specs share: a connection to the e2e database for setting up data with
 * the domain functions, a "team" of agents with API tokens and graded permissions, and
 * assertions for CONTRACT.md's answers.
 */
import { randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { connect, type Database } from "../../../db/client";
import type { Actor } from "../../../server/auth/actor";
import type { Permission } from "../../../server/auth/permissions";
import type { ApiArticle } from "../../../server/tickets/article-view";
import type { ApiTicket } from "../../../server/tickets/ticket-view";
import { actorOf, createAgent, createGroup, createQueue, createTestTicket, createToken, grant, type TestAgent, type TicketOptions } from "../../support/factories";
import { e2eDatabaseUrl } from "../support/e2e-env";

export type { ApiArticle, ApiTicket };
export type ApiTicketWithArticles = ApiTicket & { articles: ApiArticle[] };

export interface ApiHistoryEntry {
  id: number;
  type: string;
  name: string;
  actor: { id: number; login: string; name: string } | null;
  createdAt: string;
}

export interface ApiQueue {
  id: number;
  name: string;
  address: string | null;
  counts: { new: number; open: number; pending: number; locked: number };
}

export interface ApiTemplate {
  id: number;
  name: string;
  kind: string;
  body: string;
}

export interface TicketPage {
  tickets: ApiTicket[];
  nextCursor: string | null;
}

export interface ErrorBody {
  error: { code: string; message: string; field?: string };
  owner?: { id: number; login: string; name: string };
  ticket?: ApiTicket;
}

export const unique = () => randomBytes(4).toString("hex");

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A well-formed ticket number that no ticket has (the year 1999 predates every test run). */
export const UNKNOWN_TICKET_NUMBER = "1999010110000001";

/** An agent with an API token. */
export interface ApiAgent extends TestAgent {
  token: string;
  actor: Actor;
}

export interface Group {
  id: number;
  name: string;
}

export interface Queue {
  id: number;
  name: string;
  address: string;
}

/**
 * Agents around one queue, each holding one grade of permission on its group:
 * `agent` and `colleague` rw, `reader` ro, `noter` ro+note, `ownerAgent` ro+owner,
 * `prioritizer` ro+priority, `creator` ro+create, and `outsider` nothing at all.
 * `otherQueue` (another group) is rw for `agent` and `colleague`, ro for `reader`;
 * `secretQueue` is readable by none of them.
 */
export interface Team {
  group: Group;
  queue: Queue;
  otherGroup: Group;
  otherQueue: Queue;
  secretGroup: Group;
  secretQueue: Queue;
  agent: ApiAgent;
  colleague: ApiAgent;
  reader: ApiAgent;
  noter: ApiAgent;
  ownerAgent: ApiAgent;
  prioritizer: ApiAgent;
  creator: ApiAgent;
  outsider: ApiAgent;
}

export interface ApiSetup {
  db: Database;
  team: Team;
}

export async function createApiAgent(db: Database, grants: [Group, ...Permission[]][] = [], name?: string): Promise<ApiAgent> {
  const login = `api-${unique()}`;
  const agent = await createAgent(db, { login, name: name ?? `Agent ${login}` });
  for (const [group, ...permissions] of grants) await grant(db, agent, group, ...permissions);
  return { ...agent, token: await createToken(db, agent), actor: actorOf(agent) };
}

export async function createTeam(db: Database): Promise<Team> {
  const suffix = unique();
  const group = await createGroup(db, `api-team-${suffix}`);
  const otherGroup = await createGroup(db, `api-other-${suffix}`);
  const secretGroup = await createGroup(db, `api-secret-${suffix}`);
  const queue = await createQueue(db, { group: group.name, name: `Team ${suffix}` });
  const otherQueue = await createQueue(db, { group: otherGroup.name, name: `Other ${suffix}` });
  const secretQueue = await createQueue(db, { group: secretGroup.name, name: `Secret ${suffix}` });
  const [agent, colleague, reader, noter, ownerAgent, prioritizer, creator, outsider] = await Promise.all([
    createApiAgent(db, [[group, "rw"], [otherGroup, "rw"]], `Alice ${suffix}`),
    createApiAgent(db, [[group, "rw"], [otherGroup, "rw"]], `Bob ${suffix}`),
    createApiAgent(db, [[group, "ro"], [otherGroup, "ro"]], `Reader ${suffix}`),
    createApiAgent(db, [[group, "ro", "note"]], `Noter ${suffix}`),
    createApiAgent(db, [[group, "ro", "owner"]], `Owner ${suffix}`),
    createApiAgent(db, [[group, "ro", "priority"]], `Prioritizer ${suffix}`),
    createApiAgent(db, [[group, "ro", "create"]], `Creator ${suffix}`),
    createApiAgent(db, [], `Outsider ${suffix}`),
  ]);
  return { group, queue, otherGroup, otherQueue, secretGroup, secretQueue, agent: agent!, colleague: colleague!, reader: reader!, noter: noter!, ownerAgent: ownerAgent!, prioritizer: prioritizer!, creator: creator!, outsider: outsider! };
}

/**
 * Opens the e2e database (and makes a team) before the spec file's tests and closes it after;
 * call at the top of the file, then call the result inside tests.
 */
export function apiSetupForFile(): () => ApiSetup {
  let setup: ApiSetup | null = null;
  test.beforeAll(async () => {
    const db = connect(await e2eDatabaseUrl(), { max: 2, applicationName: "helpdesk-e2e-api" });
    setup = { db, team: await createTeam(db) };
  });
  test.afterAll(async () => {
    await setup?.db.$client.end({ timeout: 5 });
    setup = null;
  });
  return () => {
    if (!setup) throw new Error("the API setup exists only inside tests");
    return setup;
  };
}

export const bearer = (agent: { token: string }) => ({ Authorization: `Bearer ${agent.token}` });
export const BAD_TOKEN_HEADERS = { Authorization: "Bearer hd_this-token-was-never-issued" };

/** A ticket in the team's queue (by default), created by `agent`; a phone ticket in state `new`. */
export function ticketFor(setup: ApiSetup, options: Partial<TicketOptions> = {}): Promise<ApiTicket> {
  return createTestTicket(setup.db, {
    queue: setup.team.queue.id,
    actor: setup.team.agent.actor,
    customer: { email: `customer-${unique()}@example.com`, name: "Carol Customer" },
    ...options,
  });
}

export async function json<T>(response: APIResponse): Promise<T> {
  return (await response.json()) as T;
}

/** Asserts the status (showing the body when it differs) and returns the parsed body. */
export async function expectStatus<T>(response: APIResponse, status: number): Promise<T> {
  expect(response.status(), `${response.url()}: ${await response.text()}`).toBe(status);
  return json<T>(response);
}

export async function expectError(response: APIResponse, status: number, code: string): Promise<ErrorBody> {
  const body = await expectStatus<ErrorBody>(response, status);
  expect(body.error).toMatchObject({ code, message: expect.any(String) });
  expect(body.error.message.length).toBeGreaterThan(0);
  return body;
}

/** 400 `invalid`, with `error.field` naming the field and the message starting with it. */
export async function expectInvalid(response: APIResponse, field: string): Promise<ErrorBody> {
  const body = await expectError(response, 400, "invalid");
  expect(body.error.field).toBe(field);
  expect(body.error.message.startsWith(field), `message "${body.error.message}" should start with "${field}"`).toBe(true);
  return body;
}

export const expectNotFound = (response: APIResponse) => expectError(response, 404, "not_found");
export const expectForbidden = (response: APIResponse) => expectError(response, 403, "forbidden");
export const expectTooLarge = (response: APIResponse) => expectError(response, 413, "too_large");

/** 409 `locked`, naming the lock holder at the top level of the body. */
export async function expectLocked(response: APIResponse, holder: TestAgent): Promise<ErrorBody> {
  const body = await expectError(response, 409, "locked");
  expect(body.owner).toEqual({ id: holder.id, login: holder.login, name: holder.name });
  return body;
}

/** 409 `conflict`, carrying the ticket as it is now at the top level of the body. */
export async function expectConflict(response: APIResponse, current: ApiTicket): Promise<ErrorBody> {
  const body = await expectError(response, 409, "conflict");
  expect(body.ticket).toEqual(current);
  return body;
}

/** Both answers are 404 `not_found` and say exactly the same: existence is never revealed. */
export async function expectSameNotFound(unknown: APIResponse, unreadable: APIResponse): Promise<void> {
  const a = await expectNotFound(unknown);
  const b = await expectNotFound(unreadable);
  expect(b).toEqual(a);
}

/** The request answers 401 `unauthenticated` without credentials and with a bad token. */
export async function expectUnauthenticated(send: (headers: Record<string, string>) => Promise<APIResponse>): Promise<void> {
  await expectError(await send({}), 401, "unauthenticated");
  await expectError(await send(BAD_TOKEN_HEADERS), 401, "unauthenticated");
  await expectError(await send({ Authorization: "Basic YWRtaW46YWRtaW4=" }), 401, "unauthenticated");
}

export const agentRef = (agent: TestAgent) => ({ id: agent.id, login: agent.login, name: agent.name });

/**
 * Headers for a raw JSON body, which must be sent as a Buffer: Playwright JSON-encodes a string
 * body that does not parse as JSON when the content type is JSON.
 */
export const rawJson = (headers: Record<string, string>) => ({ ...headers, "Content-Type": "application/json" });

/** OTRS's DateChecksum check digit (CONTRACT.md "Mail"). */
export function hasValidCheckDigit(number: string): boolean {
  const digits = number.slice(0, -1);
  let sum = 0;
  for (let index = 0; index < digits.length; index++) sum += Number(digits[index]) * (index % 2 === 0 ? 1 : 2);
  const digit = 10 - (sum % 10);
  return String(digit === 10 ? 1 : digit) === number.slice(-1);
}

/** The ticket as GET /tickets/:number shows it, without its articles. */
export function withoutArticles(ticket: ApiTicketWithArticles): ApiTicket {
  const { articles: _articles, ...rest } = ticket;
  return rest;
}

/** GET /tickets/:number as `agent`, which must answer 200. */
export async function fetchTicket(request: APIRequestContext, agent: { token: string }, number: string): Promise<ApiTicketWithArticles> {
  return expectStatus<ApiTicketWithArticles>(await request.get(`/api/v1/tickets/${number}`, { headers: bearer(agent) }), 200);
}

/** GET /tickets/:number/history as `agent`, which must answer 200. */
export async function fetchHistory(request: APIRequestContext, agent: { token: string }, number: string): Promise<ApiHistoryEntry[]> {
  return expectStatus<ApiHistoryEntry[]>(await request.get(`/api/v1/tickets/${number}/history`, { headers: bearer(agent) }), 200);
}
