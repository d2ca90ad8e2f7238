import { asc, eq, like, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { agents, groups, queues } from "../../db/schema";
import { addAgent } from "../../server/agents/add-agent";
import { grantPermission } from "../../server/agents/grant-permission";
import type { Actor } from "../../server/auth/actor";
import { createApiToken } from "../../server/auth/api-tokens";
import { addGroup } from "../../server/groups/add-group";
import { addQueue } from "../../server/queues/add-queue";

export const BENCH_GROUP = "bench";
export const QUEUE_COUNT = 50;
export const AGENT_COUNT = 50;

export interface BenchQueue {
  id: number;
  name: string;
}

export interface BenchAgent extends Actor {
  /** A fresh API token, made for this run. */
  token: string;
}

export interface Fixtures {
  queues: BenchQueue[];
  /** bench1 … bench50, in that order. */
  agents: BenchAgent[];
}

const queueName = (index: number) => `Bench ${String(index).padStart(2, "0")}`;

/**
 * The group `bench` with its 50 queues (each with a system address, which replies need) and
 * the agents bench1…bench50 with `rw` on it, through the domain functions; whatever exists
 * already (a reused database) is kept. Every agent gets a new API token.
 */
export async function ensureFixtures(db: Db, log: (line: string) => void): Promise<Fixtures> {
  const [group] = await db.select({ id: groups.id }).from(groups).where(sql`lower(${groups.name}) = ${BENCH_GROUP}`);
  if (!group) {
    log("creating the group bench, 50 queues and 50 agents…");
    await addGroup(db, { name: BENCH_GROUP });
    for (let index = 1; index <= QUEUE_COUNT; index++) {
      await addQueue(db, { name: queueName(index), group: BENCH_GROUP, address: `queue${String(index).padStart(2, "0")}@bench.example` });
    }
    for (let index = 1; index <= AGENT_COUNT; index++) {
      const login = `bench${index}`;
      await addAgent(db, { login, name: `Bench Agent ${index}`, email: `${login}@bench.example`, password: `bench-password-${index}` });
      await grantPermission(db, { login, group: BENCH_GROUP, permission: "rw" });
    }
  }
  const benchQueues = await db
    .select({ id: queues.id, name: queues.name })
    .from(queues)
    .innerJoin(groups, eq(groups.id, queues.groupId))
    .where(sql`lower(${groups.name}) = ${BENCH_GROUP}`)
    .orderBy(asc(queues.id));
  const rows = await db.select({ id: agents.id, login: agents.login, name: agents.name, isAdmin: agents.isAdmin }).from(agents).where(like(agents.login, "bench%"));
  const byLogin = new Map(rows.map((row) => [row.login, row]));
  const benchAgents: BenchAgent[] = [];
  for (let index = 1; index <= AGENT_COUNT; index++) {
    const row = byLogin.get(`bench${index}`);
    if (!row) throw new Error(`agent bench${index} is missing: drop the database and seed again`);
    const { token } = await createApiToken(db, { login: row.login, name: `bench ${new Date().toISOString()}` });
    benchAgents.push({ ...row, token });
  }
  if (benchQueues.length !== QUEUE_COUNT) throw new Error(`the group bench has ${benchQueues.length} queues, not ${QUEUE_COUNT}`);
  return { queues: benchQueues, agents: benchAgents };
}
