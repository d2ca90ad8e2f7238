import { inArray, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { agentGroups, agents } from "../../db/schema";
import { addAgent } from "../../server/agents/add-agent";
import { grantPermission } from "../../server/agents/grant-permission";
import type { Actor } from "../../server/auth/actor";
import { createApiToken } from "../../server/auth/api-tokens";
import { addGroup } from "../../server/groups/add-group";
import { addQueue } from "../../server/queues/add-queue";
import { createTicket } from "../../server/tickets/create-ticket";

export const REALTIME_QUEUES = 20;
export const TICKETS_PER_QUEUE = 5;

/**
 * Which queues the reading agents may read. `spread`: agent i reads queue i mod 20 only, so
 * each change reaches the 1/20 of the sockets that may see it (the product's fan-out: each
 * queue's agents); `all`: every agent reads every queue, so each change reaches every socket.
 */
export type Readership = "spread" | "all";

export interface RealtimeFixtures {
  /** Makes every change: `rw` on every queue's group. */
  driver: Actor;
  /** One API token per reading agent (rt1…rtN). */
  tokens: string[];
  /** Per token: the index of the one queue its agent reads, or null when it reads them all. */
  reads: (number | null)[];
  /** The queues' ids, by queue index. */
  queueIds: number[];
  /** The open tickets the driver locks and unlocks, queue after queue. */
  tickets: { id: number; number: string; queue: number }[];
}

/** Runs `work` over `items`, `concurrency` at a time. */
async function inBatches<T, R>(items: T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += concurrency) results.push(...(await Promise.all(items.slice(start, start + concurrency).map(work))));
  return results;
}

/**
 * 20 queues, each in its own group `realtime-NN`, the driver agent (`rw` on all of them),
 * `agentCount` reading agents with `ro` on their queue's group (`spread`) or on all of them
 * (`all`), each with one API token, and 5 open tickets per queue.
 *
 * The reading agents are inserted in SQL without a password (their sockets authenticate
 * with tokens; 1,000 argon2 hashes would take minutes); the rest goes through the domain
 * functions. Nothing is listening yet, so the `helpdesk_agents` NOTIFYs skipped do not matter.
 */
export async function createRealtimeFixtures(db: Database, agentCount: number, readership: Readership, log: (line: string) => void): Promise<RealtimeFixtures> {
  log(`creating ${REALTIME_QUEUES} queues, ${agentCount} agents reading ${readership === "spread" ? "one queue each" : "all of them"} with a token each, ${REALTIME_QUEUES * TICKETS_PER_QUEUE} tickets…`);
  const added = await addAgent(db, { login: "rtdriver", name: "Realtime Driver", email: "rtdriver@bench.example", password: "realtime-driver-password" });
  const driver: Actor = { id: added.id, login: "rtdriver", name: "Realtime Driver", isAdmin: false };
  const queueIds: number[] = [];
  const groupIds: number[] = [];
  for (let index = 1; index <= REALTIME_QUEUES; index++) {
    const suffix = String(index).padStart(2, "0");
    const group = await addGroup(db, { name: `realtime-${suffix}` });
    await grantPermission(db, { login: "rtdriver", group: group.name, permission: "rw" });
    const queue = await addQueue(db, { name: `Realtime ${suffix}`, group: group.name, address: `rt${suffix}@bench.example` });
    groupIds.push(group.id);
    queueIds.push(queue.id);
  }

  await db.execute(sql`
    insert into ${agents} (login, name, email)
    select 'rt' || i, 'Realtime Agent ' || i, 'rt' || i || '@bench.example' from generate_series(1, ${agentCount}::int) as i`);
  // Agent rt<i> reads queue (i − 1) mod 20, or every queue.
  await db.execute(sql`
    insert into agent_groups (agent_id, group_id, permission)
    select agent.id, groups.id, 'ro'
    from ${agents} as agent
    cross join unnest(${`{${groupIds.join(",")}}`}::int[]) with ordinality as groups(id, position)
    where agent.login ~ '^rt[0-9]+$'
      and (${readership === "all"} or (substring(agent.login from 3)::int - 1) % ${REALTIME_QUEUES} = groups.position - 1)`);
  const logins = Array.from({ length: agentCount }, (_, index) => `rt${index + 1}`);
  const tokens = await inBatches(logins, 8, async (login) => (await createApiToken(db, { login, name: "realtime bench" })).token);
  const reads = logins.map((_, index) => (readership === "spread" ? index % REALTIME_QUEUES : null));

  const created = await inBatches(
    queueIds.flatMap((queueId) => Array.from({ length: TICKETS_PER_QUEUE }, () => queueId)),
    4,
    (queue) => createTicket(db, { actor: driver, queue, title: "Realtime bench ticket", customer: { email: "customer@bench.example" }, body: "Something to lock." }),
  );
  // Queue after queue in turn, so consecutive changes land in different queue rooms and any 20 in a row touch every queue.
  const order = Array.from({ length: TICKETS_PER_QUEUE }, (_, round) => queueIds.map((_, queue) => ({ ...created[queue * TICKETS_PER_QUEUE + round]!, queue }))).flat();
  const granted = await db.$count(agentGroups, inArray(agentGroups.groupId, groupIds));
  const expected = (readership === "spread" ? agentCount : agentCount * REALTIME_QUEUES) + REALTIME_QUEUES;
  if (granted !== expected) throw new Error(`expected ${expected} group grants, found ${granted}`);
  return { driver, tokens, reads, queueIds, tickets: order.map((ticket) => ({ id: ticket.id, number: ticket.number, queue: ticket.queue })) };
}
