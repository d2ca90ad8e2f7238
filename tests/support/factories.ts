import { randomBytes } from "node:crypto";
import type { Db } from "../../db/client";
import { tickets } from "../../db/schema";
import { addAgent } from "../../server/agents/add-agent";
import { grantPermission } from "../../server/agents/grant-permission";
import { createApiToken } from "../../server/auth/api-tokens";
import type { Permission } from "../../server/auth/permissions";
import { addGroup } from "../../server/groups/add-group";
import { addQueue } from "../../server/queues/add-queue";

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

let ticketCounter = 0;

/** A ticket row as it stands, for tests of what reads tickets. */
export async function insertTicket(db: Db, values: { queueId: number; state?: string; lock?: "locked" | "unlocked"; ownerId?: number | null }) {
  ticketCounter += 1;
  const [ticket] = await db
    .insert(tickets)
    .values({
      number: `${Date.now()}${process.pid}${ticketCounter}`,
      title: `Ticket ${ticketCounter}`,
      queueId: values.queueId,
      state: values.state ?? "new",
      lock: values.lock ?? "unlocked",
      ownerId: values.ownerId ?? null,
    })
    .returning();
  return ticket!;
}
