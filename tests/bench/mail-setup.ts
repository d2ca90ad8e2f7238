import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { autoResponses, queueAutoResponses } from "../../db/schema";
import { seedDatabase } from "../../db/seed";
import { addAgent } from "../../server/agents/add-agent";
import { grantPermission } from "../../server/agents/grant-permission";
import { createApiToken } from "../../server/auth/api-tokens";
import { addGroup } from "../../server/groups/add-group";
import { addQueue } from "../../server/queues/add-queue";
import { createTicket } from "../../server/tickets/create-ticket";

export const BENCH_ADDRESS = "support@mailbench.example";

export interface MailFixtures {
  queueId: number;
  address: string;
  /** API token of the agent whose socket probes the sidecar. */
  token: string;
  /** The ticket that agent watches. */
  ticketNumber: string;
}

/**
 * A freshly migrated database, seeded as `npm start` seeds one, plus the bench's own queue:
 * group `mailbench`, queue `Mail bench` with the address support@mailbench.example and the
 * default auto reply linked (as `Raw` has it, so each new ticket queues an auto reply to the
 * outbox, as on a real helpdesk), one agent with `rw` on the group (told of each new ticket)
 * and an API token, and one ticket for that agent's socket to watch.
 */
export async function createMailFixtures(db: Database): Promise<MailFixtures> {
  await seedDatabase(db, { adminPassword: randomBytes(12).toString("base64url"), rawAddress: "raw@mailbench.example" });
  await addGroup(db, { name: "mailbench" });
  const queue = await addQueue(db, { name: "Mail bench", group: "mailbench", address: BENCH_ADDRESS });
  const [reply] = await db.select({ id: autoResponses.id }).from(autoResponses).where(and(eq(autoResponses.type, "reply"), eq(autoResponses.valid, true))).limit(1);
  if (!reply) throw new Error("the seed has no auto reply");
  await db.insert(queueAutoResponses).values({ queueId: queue.id, type: "reply", autoResponseId: reply.id });

  const agent = await addAgent(db, { login: "mailbench", name: "Mail Bench", email: "mailbench@agents.example", password: randomBytes(12).toString("base64url") });
  await grantPermission(db, { login: "mailbench", group: "mailbench", permission: "rw" });
  const { token } = await createApiToken(db, { login: "mailbench", name: "mail bench probe" });
  const ticket = await createTicket(db, {
    actor: { id: agent.id, login: "mailbench", name: "Mail Bench", isAdmin: false },
    queue: queue.id,
    title: "Watched while the mail bench runs",
    customer: { email: "watched@customers.example" },
    body: "The realtime probe watches this ticket.",
  });
  return { queueId: queue.id, address: BENCH_ADDRESS, token, ticketNumber: ticket.number };
}
