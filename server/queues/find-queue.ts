import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { queues } from "../../db/schema";
import { NotFoundError } from "../errors";

export type QueueRow = typeof queues.$inferSelect;

/** A queue by id, or by name in any case. */
export async function findQueue(db: Db, ref: number | string): Promise<QueueRow> {
  const condition = typeof ref === "number" || /^\d+$/.test(ref) ? eq(queues.id, Number(ref)) : sql`lower(${queues.name}) = lower(${ref})`;
  const [queue] = await db.select().from(queues).where(condition);
  if (!queue) throw new NotFoundError("queue");
  return queue;
}
