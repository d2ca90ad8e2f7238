import { eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { agents, queues } from "../../db/schema";
import { addAgent } from "../../server/agents/add-agent";
import { grantPermission } from "../../server/agents/grant-permission";
import type { Actor } from "../../server/auth/actor";
import { createApiToken } from "../../server/auth/api-tokens";
import { addGroup } from "../../server/groups/add-group";
import { addQueue } from "../../server/queues/add-queue";
import { createTicket } from "../../server/tickets/create-ticket";

export const REALTIME_GROUP = "realtime";
export const REALTIME_QUEUES = 20;
export const TICKETS_PER_QUEUE = 5;

export interface RealtimeFixtures {
  /** Makes every change: `rw` on the group. */
  driver: Actor;
  /** One API token per reading agent (rt1…rtN, `ro` on the group). */
  tokens: string[];
  /** The open tickets the driver locks and unlocks, queue after queue. */
  tickets: { id: number; number: string }[];
}

/** Runs `work` over `items`, `concurrency` at a time. */
async function inBatches<T, R>(items: T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += concurrency) results.push(...(await Promise.all(items.slice(start, start + concurrency).map(work))));
  return results;
}

/**
 * The group `realtime` with 20 queues, the driver agent (`rw`), `agentCount` reading agents
 * with `ro` on the group — so each of their sockets is in all 20 queue rooms and receives
 * every event — each with one API token, and 5 open tickets per queue.
 *
 * The reading agents are inserted in SQL without a password (their sockets authenticate
 * with tokens; 1,000 argon2 hashes would take minutes); the rest goes through the domain
 * functions. Nothing is listening yet, so the `helpdesk_agents` NOTIFYs skipped do not matter.
 */
export async function createRealtimeFixtures(db: Database, agentCount: number, log: (line: string) => void): Promise<RealtimeFixtures> {
  log(`creating the group ${REALTIME_GROUP}, ${REALTIME_QUEUES} queues, ${agentCount} agents with a token each, ${REALTIME_QUEUES * TICKETS_PER_QUEUE} tickets…`);
  const group = await addGroup(db, { name: REALTIME_GROUP });
  const queueIds: number[] = [];
  for (let index = 1; index <= REALTIME_QUEUES; index++) {
    const suffix = String(index).padStart(2, "0");
    const queue = await addQueue(db, { name: `Realtime ${suffix}`, group: REALTIME_GROUP, address: `rt${suffix}@bench.example` });
    queueIds.push(queue.id);
  }
  const added = await addAgent(db, { login: "rtdriver", name: "Realtime Driver", email: "rtdriver@bench.example", password: "realtime-driver-password" });
  await grantPermission(db, { login: "rtdriver", group: REALTIME_GROUP, permission: "rw" });
  const driver: Actor = { id: added.id, login: "rtdriver", name: "Realtime Driver", isAdmin: false };

  await db.execute(sql`
    insert into ${agents} (login, name, email)
    select 'rt' || i, 'Realtime Agent ' || i, 'rt' || i || '@bench.example' from generate_series(1, ${agentCount}::int) as i`);
  await db.execute(sql`
    insert into agent_groups (agent_id, group_id, permission)
    select id, ${group.id}, 'ro' from ${agents} where login ~ '^rt[0-9]+$'`);
  const logins = Array.from({ length: agentCount }, (_, index) => `rt${index + 1}`);
  const tokens = await inBatches(logins, 8, async (login) => (await createApiToken(db, { login, name: "realtime bench" })).token);

  const created = await inBatches(
    queueIds.flatMap((queueId) => Array.from({ length: TICKETS_PER_QUEUE }, () => queueId)),
    4,
    (queue) => createTicket(db, { actor: driver, queue, title: "Realtime bench ticket", customer: { email: "customer@bench.example" }, body: "Something to lock." }),
  );
  // Queue after queue in turn, so consecutive changes land in different queue rooms.
  const order = Array.from({ length: TICKETS_PER_QUEUE }, (_, round) => queueIds.map((_, queue) => created[queue * TICKETS_PER_QUEUE + round]!)).flat();
  const queueCount = await db.$count(queues, eq(queues.groupId, group.id));
  if (queueCount !== REALTIME_QUEUES) throw new Error(`expected ${REALTIME_QUEUES} queues, found ${queueCount}`);
  return { driver, tokens, tickets: order.map((ticket) => ({ id: ticket.id, number: ticket.number })) };
}
