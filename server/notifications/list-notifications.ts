import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { notifications, tickets } from "../../db/schema";

export interface ApiNotification {
  id: number;
  kind: string;
  text: string;
  ticketNumber: string | null;
  read: boolean;
  createdAt: string;
}

/** The agent's latest notifications, newest first, and how many are unread in all. */
export async function listNotifications(db: Db, agentId: number, limit = 20): Promise<{ unread: number; latest: ApiNotification[] }> {
  const rows = await db
    .select({ id: notifications.id, kind: notifications.kind, text: notifications.text, ticketNumber: tickets.number, readAt: notifications.readAt, createdAt: notifications.createdAt })
    .from(notifications)
    .leftJoin(tickets, eq(tickets.id, notifications.ticketId))
    .where(eq(notifications.agentId, agentId))
    .orderBy(desc(notifications.id))
    .limit(limit);
  const [count] = await db
    .select({ unread: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.agentId, agentId), isNull(notifications.readAt)));
  return {
    unread: count!.unread,
    latest: rows.map((row) => ({ id: row.id, kind: row.kind, text: row.text, ticketNumber: row.ticketNumber, read: row.readAt !== null, createdAt: row.createdAt.toISOString() })),
  };
}

/** Marks the agent's notifications read: all of them, or those up to `upToId`. */
export async function markNotificationsRead(db: Db, agentId: number, upToId?: number): Promise<number> {
  const updated = await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(eq(notifications.agentId, agentId), isNull(notifications.readAt), upToId === undefined ? sql`true` : sql`${notifications.id} <= ${upToId}`))
    .returning({ id: notifications.id });
  return updated.length;
}
