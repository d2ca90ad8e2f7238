import { asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { agents, tickets, ticketHistory } from "../../db/schema";
import type { Actor } from "../auth/actor";
import { mayRead } from "../auth/permissions";
import { loadPermissionsOnQueue } from "../auth/queue-permissions";
import { NotFoundError, type LockOwner } from "../errors";
import { loadArticleViews, type ApiArticle } from "./article-view";
import { loadTicketViews, type ApiTicket } from "./ticket-view";

/** The ticket, if the actor may read it; otherwise it does not exist for them. */
export async function findReadableTicket(db: Db, actor: Actor, number: string): Promise<ApiTicket> {
  const [ticket] = await loadTicketViews(db, eq(tickets.number, number));
  if (!ticket || !mayRead(await loadPermissionsOnQueue(db, actor, ticket.queue.id))) throw new NotFoundError("ticket");
  return ticket;
}

/** A ticket with its articles, oldest first. */
export async function getTicket(db: Db, actor: Actor, number: string): Promise<ApiTicket & { articles: ApiArticle[] }> {
  const ticket = await findReadableTicket(db, actor, number);
  return { ...ticket, articles: await loadArticleViews(db, ticket.id) };
}

export interface ApiHistoryEntry {
  id: number;
  type: string;
  name: string;
  actor: LockOwner | null;
  createdAt: string;
}

/** Everything that happened to the ticket, oldest first. */
export async function getTicketHistory(db: Db, actor: Actor, number: string): Promise<ApiHistoryEntry[]> {
  const ticket = await findReadableTicket(db, actor, number);
  const rows = await db
    .select({ id: ticketHistory.id, type: ticketHistory.type, name: ticketHistory.name, createdAt: ticketHistory.createdAt, actorId: agents.id, actorLogin: agents.login, actorName: agents.name })
    .from(ticketHistory)
    .leftJoin(agents, eq(agents.id, ticketHistory.actorId))
    .where(eq(ticketHistory.ticketId, ticket.id))
    .orderBy(asc(ticketHistory.id));
  return rows.map((row) => ({
    id: row.id,
    type: row.type,
    name: row.name,
    actor: row.actorId === null ? null : { id: row.actorId, login: row.actorLogin!, name: row.actorName! },
    createdAt: row.createdAt.toISOString(),
  }));
}
