import { asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { groups, queueAutoResponses, queues } from "../../db/schema";
import type { AutoResponseType } from "./queue-settings";

/** A queue as the admin pages and the admin API show it: every setting, and how many tickets it holds. */
export interface AdminQueue {
  id: number;
  name: string;
  group: { id: number; name: string };
  address: string | null;
  unlockTimeoutMinutes: number;
  followUpPolicy: "possible" | "reject" | "new_ticket";
  followUpLock: boolean;
  autoResponsesEnabled: boolean;
  salutation: string;
  signature: string;
  /** The auto response of each type the queue sends, by id; null for none. */
  autoResponses: Record<AutoResponseType, number | null>;
  catchAll: boolean;
  valid: boolean;
  /** Tickets in the queue, in any state: a queue holding any can only be invalidated. */
  tickets: number;
}

/** Every queue (or those with the given ids), valid or not, by name. */
export async function listAdminQueues(db: Db, options: { ids?: number[] } = {}): Promise<AdminQueue[]> {
  const rows = await db
    .select({
      id: queues.id,
      name: queues.name,
      groupId: groups.id,
      groupName: groups.name,
      address: queues.systemAddress,
      unlockTimeoutMinutes: queues.unlockTimeoutMinutes,
      followUpPolicy: queues.followUpPolicy,
      followUpLock: queues.followUpLock,
      autoResponsesEnabled: queues.autoResponsesEnabled,
      salutation: queues.salutation,
      signature: queues.signature,
      catchAll: queues.catchAll,
      valid: queues.valid,
      tickets: sql<number>`(select count(*)::int from tickets t where t.queue_id = "queues"."id")`,
    })
    .from(queues)
    .innerJoin(groups, eq(groups.id, queues.groupId))
    .where(options.ids ? inArray(queues.id, options.ids) : undefined)
    .orderBy(asc(sql`lower(${queues.name})`));
  if (rows.length === 0) return [];
  const links = await db
    .select()
    .from(queueAutoResponses)
    .where(
      inArray(
        queueAutoResponses.queueId,
        rows.map((row) => row.id),
      ),
    );
  return rows.map(({ groupId, groupName, ...row }) => {
    const own = links.filter((link) => link.queueId === row.id);
    const pick = (type: AutoResponseType) => own.find((link) => link.type === type)?.autoResponseId ?? null;
    return { ...row, group: { id: groupId, name: groupName }, autoResponses: { reply: pick("reply"), reject: pick("reject"), follow_up: pick("follow_up"), reply_new_ticket: pick("reply_new_ticket") } };
  });
}
