import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { queues } from "../../../db/schema";
import type { IncomingMail } from "./incoming-mail";
import type { Envelope } from "./store-inbound-message";

/**
 * The queue a new message goes to: a filter's choice, else the first address that is a valid
 * queue's system address — SMTP envelope recipients first, then To, Cc, Delivered-To and
 * X-Original-To — else the catch-all queue (`Raw`).
 */
export async function chooseQueue(db: Db, mail: IncomingMail, envelope: Envelope, filterQueue?: string): Promise<number> {
  if (filterQueue) {
    const [chosen] = await db.select({ id: queues.id }).from(queues).where(sql`lower(${queues.name}) = lower(${filterQueue})`);
    if (chosen) return chosen.id;
  }
  const candidates = [...envelope.rcptTo, ...mail.to.map((address) => address.address), ...mail.cc.map((address) => address.address), ...mail.deliveredTo, ...mail.xOriginalTo].map((address) => address.toLowerCase());
  if (candidates.length > 0) {
    const found = await db
      .select({ id: queues.id, address: queues.systemAddress })
      .from(queues)
      .where(and(eq(queues.valid, true), inArray(sql`lower(${queues.systemAddress})`, candidates)));
    for (const candidate of candidates) {
      const queue = found.find((row) => row.address?.toLowerCase() === candidate);
      if (queue) return queue.id;
    }
  }
  const [catchAll] = await db.select({ id: queues.id }).from(queues).where(eq(queues.catchAll, true));
  if (!catchAll) throw new Error("no catch-all queue: mark one queue (normally Raw) as catch-all");
  return catchAll.id;
}
