import { sql } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { prebuildQuery, runPrebuiltQuery } from "../../../db/prebuilt-query";
import { inboundMessages, postmasterFilters, queues } from "../../../db/schema";
import { parsePostmasterFilters, type PostmasterFilter, type StoredFilter } from "./postmaster-filters";
import type { Envelope } from "./store-inbound-message";

export interface RoutingQueue {
  id: number;
  name: string;
  systemAddress: string | null;
  valid: boolean;
  catchAll: boolean;
}

/** What filing a message needs of the configuration: every queue with its address, and the valid postmaster filters in order. */
export interface MailRouting {
  queues: RoutingQueue[];
  filters: PostmasterFilter[];
}

export interface MessageToFile {
  status: (typeof inboundMessages.$inferSelect)["status"];
  ticketId: number | null;
  envelope: Envelope;
  messageId: string | null;
  bodyHash: string;
}

// Read for every message, and each statement is a round trip: the message's row and the routing together.
const messageWithRoutingQuery = prebuildQuery(sql`
  select m.status, m.ticket_id as "ticketId", m.envelope, m.message_id as "messageId", m.body_hash as "bodyHash",
    (select json_agg(json_build_object('id', q.id, 'name', q.name, 'systemAddress', q.system_address, 'valid', q.valid, 'catchAll', q.catch_all))
      from ${queues} q) as queues,
    (select json_agg(json_build_object('name', f.name, 'matches', f.matches, 'actions', f.actions, 'stop', f.stop) order by f.position, f.id)
      from ${postmasterFilters} f where f.valid) as filters
  from ${inboundMessages} m where m.id = ${sql.placeholder("id")}`);

/** A stored message's state and the mail routing, in one statement; null when there is no such message. */
export async function readMessageWithRouting(db: Db, id: number): Promise<{ message: MessageToFile; routing: MailRouting } | null> {
  const [row] = await runPrebuiltQuery<MessageToFile & { queues: RoutingQueue[] | null; filters: StoredFilter[] | null }>(db, messageWithRoutingQuery, { id });
  if (!row) return null;
  const { queues: routingQueues, filters, ...message } = row;
  return { message, routing: { queues: routingQueues ?? [], filters: parsePostmasterFilters(filters ?? []) } };
}
