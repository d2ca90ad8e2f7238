import { asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { agentMyQueues, agentNotificationPreferences, agents, queues } from "../../db/schema";
import type { Actor } from "../auth/actor";
import { readableQueueCondition } from "../auth/queue-permissions";
import { readConfig } from "../config";
import { NotFoundError } from "../errors";
import { NOTIFICATION_EVENTS, type NotificationChoice } from "./notification-events";

export interface Preferences {
  /** The agent's own choice, or null for the helpdesk's default. */
  timezone: string | null;
  /** The zone times are shown in. */
  displayTimeZone: string;
  defaultTimeZone: string;
  /** Queues the agent may read, each marked when it is one of My Queues. */
  queues: { id: number; name: string; mine: boolean }[];
  /** Every event, with the agent's choice or the default. */
  notifications: (NotificationChoice & { label: string })[];
}

/** What the preferences page shows: zone, My Queues among the readable queues, notification choices. */
export async function getPreferences(db: Db, actor: Actor): Promise<Preferences> {
  const [agent] = await db.select({ timezone: agents.timezone }).from(agents).where(eq(agents.id, actor.id));
  if (!agent) throw new NotFoundError(`agent ${actor.id}`);
  const readable = await db.select({ id: queues.id, name: queues.name }).from(queues).where(readableQueueCondition(actor)).orderBy(asc(queues.name));
  const mine = new Set((await db.select({ queueId: agentMyQueues.queueId }).from(agentMyQueues).where(eq(agentMyQueues.agentId, actor.id))).map((row) => row.queueId));
  const chosen = await db.select().from(agentNotificationPreferences).where(eq(agentNotificationPreferences.agentId, actor.id));
  const defaultTimeZone = readConfig().HELPDESK_TIMEZONE;
  return {
    timezone: agent.timezone,
    displayTimeZone: agent.timezone ?? defaultTimeZone,
    defaultTimeZone,
    queues: readable.map((queue) => ({ ...queue, mine: mine.has(queue.id) })),
    notifications: NOTIFICATION_EVENTS.map(({ event, label, email }) => {
      const choice = chosen.find((row) => row.event === event);
      return { event, label, inApp: choice?.inApp ?? true, email: choice?.email ?? email };
    }),
  };
}
