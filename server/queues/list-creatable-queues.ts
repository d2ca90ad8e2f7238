import { asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { queues } from "../../db/schema";
import type { Actor } from "../auth/actor";
import { decideCreate } from "../auth/permissions";
import { loadQueuePermissions } from "../auth/queue-permissions";

export interface CreatableQueue {
  id: number;
  name: string;
  /** The address an outgoing email ticket is sent from; without one only phone tickets can be made. */
  address: string | null;
}

/** The valid queues in which the actor may create tickets (`create`), by name. */
export async function listCreatableQueues(db: Db, actor: Pick<Actor, "id" | "isAdmin">): Promise<CreatableQueue[]> {
  const permissions = await loadQueuePermissions(db, actor);
  const rows = await db
    .select({ id: queues.id, name: queues.name, address: queues.systemAddress })
    .from(queues)
    .where(eq(queues.valid, true))
    .orderBy(asc(sql`lower(${queues.name})`));
  return rows.filter((queue) => {
    const granted = permissions.get(queue.id);
    return granted !== undefined && decideCreate(granted).allowed;
  });
}
