import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { prebuildQuery, runPrebuiltQuery } from "../../db/prebuilt-query";
import { agents, ticketHistory } from "../../db/schema";
import type { HistoryData, TicketField } from "../tickets/history";
import type { ApiTicket } from "../tickets/ticket-view";
import type { AgentRef, ServerToClientEvents } from "./event-types";
import { agentRoom, queueRoom } from "./rooms";

/** A history row with what its events need, read once by the tailer or a replay. */
export interface HistoryRecord {
  id: number;
  type: string;
  name: string;
  queueId: number;
  previousQueueId: number | null;
  changes: TicketField[];
  snapshot: ApiTicket;
  data: HistoryData | null;
  actor: AgentRef | null;
  createdAt: Date;
}

type EventName = Exclude<keyof ServerToClientEvents, "presence" | "resync">;

/**
 * One event to send, and to whom: the rooms of the queues that may see it, or — for a
 * personal notification — its agent, who may no longer read the ticket's queue.
 */
export type Delivery = {
  [Name in EventName]: { name: Name; payload: Parameters<ServerToClientEvents[Name]>[0]; rooms: string[]; agentId?: number };
}[EventName];

// Read on every announced change, on the sidecar's event loop: built once.
const historyAfterQuery = prebuildQuery(sql`
  select h.id, h.type, h.name, h.queue_id as "queueId", h.previous_queue_id as "previousQueueId", h.changes, h.snapshot, h.data,
    h.created_at as "createdAt", a.id as "actorId", a.login as "actorLogin", a.name as "actorName"
  from ${ticketHistory} h left join ${agents} a on a.id = h.actor_id
  where h.id > ${sql.placeholder("afterId")}
  order by h.id
  limit ${sql.placeholder("limit")}`);

interface HistoryRow extends Omit<HistoryRecord, "id" | "actor" | "createdAt"> {
  /** A bigint and a timestamp arrive as text: drizzle's client leaves their parsing to its own mapping. */
  id: string;
  createdAt: string;
  actorId: number | null;
  actorLogin: string | null;
  actorName: string | null;
}

/** The rows after `afterId`, oldest first, with their actors. */
export async function readHistory(db: Db, afterId: number, limit: number): Promise<HistoryRecord[]> {
  const rows = await runPrebuiltQuery<HistoryRow>(db, historyAfterQuery, { afterId, limit });
  return rows.map(({ id, createdAt, actorId, actorLogin, actorName, ...row }) => ({
    ...row,
    id: Number(id),
    createdAt: new Date(createdAt),
    actor: actorId === null ? null : { id: actorId, login: actorLogin!, name: actorName! },
  }));
}

export async function latestHistoryId(db: Db): Promise<number> {
  const [row] = await db.select({ id: sql<number>`coalesce(max(${ticketHistory.id}), 0)::bigint` }).from(ticketHistory);
  return Number(row!.id);
}

/**
 * The events a history row becomes, each built once from the row alone: a new ticket, a new
 * article, or changed fields, to the queues that may read it (the old and the new one on a
 * move), and each notification it caused to its agent.
 */
export function deliveriesFor(record: HistoryRecord): Delivery[] {
  const base = { eventId: record.id, type: record.type, name: record.name, ticket: record.snapshot, actor: record.actor, at: record.createdAt.toISOString() };
  const rooms = [queueRoom(record.queueId)];
  if (record.previousQueueId !== null && record.previousQueueId !== record.queueId) rooms.push(queueRoom(record.previousQueueId));
  const deliveries: Delivery[] = [];
  if (record.type === "NewTicket") deliveries.push({ name: "ticket:created", payload: base, rooms });
  else if (record.data?.article) deliveries.push({ name: "article:created", payload: { ...base, article: record.data.article }, rooms });
  else deliveries.push({ name: "ticket:updated", payload: { ...base, changes: record.changes }, rooms });
  for (const notification of record.data?.notifications ?? []) {
    deliveries.push({
      name: "notification",
      payload: { ...base, notification: { id: notification.id, kind: notification.kind, text: notification.text } },
      rooms: [agentRoom(notification.agentId)],
      agentId: notification.agentId,
    });
  }
  return deliveries;
}
