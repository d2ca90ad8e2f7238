import type { Db } from "../../db/client";
import { NotFoundError } from "../errors";
import { listAdminQueues, type AdminQueue } from "./list-admin-queues";

/** One queue with every setting, for its admin page and the admin API. */
export async function findAdminQueue(db: Db, id: number): Promise<AdminQueue> {
  const [queue] = await listAdminQueues(db, { ids: [id] });
  if (!queue) throw new NotFoundError(`queue ${id}`);
  return queue;
}
