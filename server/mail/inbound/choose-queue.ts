import type { IncomingMail } from "./incoming-mail";
import type { RoutingQueue } from "./mail-routing";
import type { Envelope } from "./store-inbound-message";

/**
 * The queue a new message goes to: a filter's choice, else the first address that is a valid
 * queue's system address — SMTP envelope recipients first, then To, Cc, Delivered-To and
 * X-Original-To — else the catch-all queue (`Raw`).
 */
export function chooseQueue(queues: RoutingQueue[], mail: IncomingMail, envelope: Envelope, filterQueue?: string): number {
  const chosen = filterQueue ? queues.find((queue) => queue.name.toLowerCase() === filterQueue.toLowerCase()) : undefined;
  if (chosen) return chosen.id;
  const candidates = [...envelope.rcptTo, ...mail.to.map((address) => address.address), ...mail.cc.map((address) => address.address), ...mail.deliveredTo, ...mail.xOriginalTo].map((address) => address.toLowerCase());
  for (const candidate of candidates) {
    const queue = queues.find((row) => row.valid && row.systemAddress?.toLowerCase() === candidate);
    if (queue) return queue.id;
  }
  const catchAll = queues.find((queue) => queue.catchAll);
  if (!catchAll) throw new Error("no catch-all queue: mark one queue (normally Raw) as catch-all");
  return catchAll.id;
}
