import { randomBytes } from "node:crypto";
import type { Database, Db } from "../../db/client";
import { addAgent } from "../../server/agents/add-agent";
import { grantPermission } from "../../server/agents/grant-permission";
import { createApiToken } from "../../server/auth/api-tokens";
import type { Actor } from "../../server/auth/actor";
import type { Permission } from "../../server/auth/permissions";
import { addGroup } from "../../server/groups/add-group";
import { addQueue } from "../../server/queues/add-queue";
import { createTicket } from "../../server/tickets/create-ticket";
import type { ApiTicket } from "../../server/tickets/ticket-view";

const unique = () => randomBytes(3).toString("hex");

export interface TestAgent {
  id: number;
  login: string;
  name: string;
  password: string;
  isAdmin: boolean;
}

export async function createAgent(db: Db, overrides: { login?: string; name?: string; isAdmin?: boolean; password?: string } = {}): Promise<TestAgent> {
  const login = overrides.login ?? `agent-${unique()}`;
  const name = overrides.name ?? `Agent ${login}`;
  const password = overrides.password ?? `pw-${unique()}-${unique()}`;
  const isAdmin = overrides.isAdmin ?? false;
  const { id } = await addAgent(db, { login, name, email: `${login}@example.com`, password, isAdmin });
  return { id, login, name, password, isAdmin };
}

export async function createGroup(db: Db, name = `group-${unique()}`) {
  return addGroup(db, { name });
}

export async function createQueue(db: Db, options: { group: string; name?: string; address?: string }) {
  const name = options.name ?? `Queue ${unique()}`;
  return addQueue(db, { name, group: options.group, address: options.address ?? `${name.toLowerCase().replace(/\W+/g, "-")}@example.com` });
}

export async function grant(db: Db, agent: { login: string }, group: { name: string }, ...permissions: Permission[]) {
  for (const permission of permissions) await grantPermission(db, { login: agent.login, group: group.name, permission });
}

export async function createToken(db: Db, agent: { login: string }) {
  return (await createApiToken(db, { login: agent.login })).token;
}

export interface TicketOptions {
  queue: number | string;
  /** Who creates it; by default a fresh admin. */
  actor?: Actor;
  title?: string;
  customer?: { email: string; name?: string };
  body?: string;
  kind?: "phone" | "email_out";
  priority?: number;
}

const admins = new WeakMap<Database, Promise<Actor>>();

/** An administrator to act where a test does not care who acts. */
export function testAdmin(db: Database): Promise<Actor> {
  let admin = admins.get(db);
  if (!admin) {
    admin = createAgent(db, { isAdmin: true, name: "Test Admin" }).then(actorOf);
    admins.set(db, admin);
  }
  return admin;
}

export function actorOf(agent: TestAgent): Actor {
  return { id: agent.id, login: agent.login, name: agent.name, isAdmin: agent.isAdmin };
}

/** A ticket created the way agents create them (a phone ticket unless `kind` says otherwise). */
export async function createTestTicket(db: Database, options: TicketOptions): Promise<ApiTicket> {
  return createTicket(db, {
    actor: options.actor ?? (await testAdmin(db)),
    queue: options.queue,
    title: options.title ?? `Ticket ${unique()}`,
    customer: options.customer ?? { email: `customer-${unique()}@example.com`, name: "Customer" },
    body: options.body ?? "The printer is on fire.",
    kind: options.kind,
    priority: options.priority,
  });
}
