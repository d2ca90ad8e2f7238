import { and, asc, eq, inArray, isNotNull, ne } from "drizzle-orm";
import type { Db } from "../../db/client";
import { agentGroups, agents, articles, attachments, groups, queues, tickets, ticketStates } from "../../db/schema";
import type { Actor } from "../auth/actor";
import { mayRead, type Permission } from "../auth/permissions";
import { loadPermissionsOnQueue, loadQueuePermissions } from "../auth/queue-permissions";
import { NotFoundError } from "../errors";
import { listTemplatesForQueue, type ApiTemplate } from "../templates/list-templates";
import type { ApiArticle } from "./article-view";
import { loadArticleViews } from "./article-view";
import { getTicketHistory, type ApiHistoryEntry } from "./get-ticket";
import { listTickets } from "./list-tickets";
import { loadTicketViews, type ApiTicket } from "./ticket-view";

/** An article as the ticket page shows it: who wrote it, whether the customer sees it, its HTML made safe to frame. */
export interface UiArticle extends ApiArticle {
  senderType: "customer" | "agent" | "system";
  internal: boolean;
  /** Sanitised HTML with inline (cid:) images as data: URIs; remote images still switched off. */
  html: string | null;
}

export interface TicketPageData {
  ticket: ApiTicket;
  articles: UiArticle[];
  history: ApiHistoryEntry[];
  /** The actor's permissions on the ticket's queue, for deciding in the page what the server would allow. */
  permissions: Permission[];
  customerTickets: ApiTicket[];
  templates: ApiTemplate[];
  moveTargets: { id: number; name: string }[];
  owners: { login: string; name: string }[];
  states: { name: string; type: string }[];
}

/** Inline images embedded, so the sandboxed frame needs no request (and no cookie) to show them. */
const MAX_INLINE_IMAGE_BYTES = 2 * 1024 * 1024;

async function withInlineImages(db: Db, rows: { id: number; html: string | null }[]): Promise<Map<number, string | null>> {
  const withCid = rows.filter((row) => row.html?.includes("cid:"));
  const inline =
    withCid.length === 0
      ? []
      : await db
          .select({ articleId: attachments.articleId, contentId: attachments.contentId, contentType: attachments.contentType, content: attachments.content, size: attachments.size })
          .from(attachments)
          .where(and(inArray(attachments.articleId, withCid.map((row) => row.id)), isNotNull(attachments.contentId)));
  return new Map(
    rows.map((row) => {
      if (!row.html) return [row.id, null];
      let html = row.html;
      for (const image of inline.filter((file) => file.articleId === row.id && file.size <= MAX_INLINE_IMAGE_BYTES && file.contentType.startsWith("image/"))) {
        html = html.replaceAll(`cid:${image.contentId}`, `data:${image.contentType};base64,${image.content.toString("base64")}`);
      }
      return [row.id, html];
    }),
  );
}

/** Everything the ticket page shows and offers, for an actor who may read the ticket. */
export async function loadTicketPage(db: Db, actor: Actor, number: string): Promise<TicketPageData> {
  const [ticket] = await loadTicketViews(db, eq(tickets.number, number));
  if (!ticket) throw new NotFoundError("ticket");
  const permissions = await loadPermissionsOnQueue(db, actor, ticket.queue.id);
  if (!mayRead(permissions)) throw new NotFoundError("ticket");

  const [apiArticles, extra] = await Promise.all([
    loadArticleViews(db, ticket.id),
    db.select({ id: articles.id, senderType: articles.senderType, visible: articles.visibleToCustomer, html: articles.bodyHtml }).from(articles).where(eq(articles.ticketId, ticket.id)),
  ]);
  const html = await withInlineImages(db, extra);
  const byId = new Map(extra.map((row) => [row.id, row]));
  const pageArticles = apiArticles.map((article) => ({ ...article, senderType: byId.get(article.id)!.senderType, internal: !byId.get(article.id)!.visible, html: html.get(article.id) ?? null }));

  const queuePermissions = await loadQueuePermissions(db, actor);
  const moveTargetIds = [...queuePermissions].filter(([, held]) => held.has("move_into")).map(([id]) => id);
  const [history, customerTickets, templates, moveTargets, owners, states] = await Promise.all([
    getTicketHistory(db, actor, number),
    ticket.customer ? listTickets(db, actor, { customer: ticket.customer.email, state: "all", limit: 10 }).then((page) => page.tickets.filter((other) => other.id !== ticket.id)) : Promise.resolve([]),
    listTemplatesForQueue(db, actor, ticket.queue.id),
    moveTargetIds.length === 0 ? [] : db.select({ id: queues.id, name: queues.name }).from(queues).where(and(inArray(queues.id, moveTargetIds), eq(queues.valid, true))).orderBy(asc(queues.name)),
    queueOwners(db, ticket.queue.id),
    db.select({ name: ticketStates.name, type: ticketStates.type }).from(ticketStates).where(ne(ticketStates.type, "merged")).orderBy(asc(ticketStates.name)),
  ]);
  return { ticket, articles: pageArticles, history, permissions: [...permissions], customerTickets, templates, moveTargets, owners, states };
}

/** Who may own a ticket of the queue: valid agents with rw on its group, and administrators. */
async function queueOwners(db: Db, queueId: number): Promise<{ login: string; name: string }[]> {
  const granted = await db
    .selectDistinct({ login: agents.login, name: agents.name })
    .from(queues)
    .innerJoin(groups, and(eq(groups.id, queues.groupId), eq(groups.valid, true)))
    .innerJoin(agentGroups, and(eq(agentGroups.groupId, groups.id), eq(agentGroups.permission, "rw")))
    .innerJoin(agents, and(eq(agents.id, agentGroups.agentId), eq(agents.valid, true)))
    .where(eq(queues.id, queueId));
  const admins = await db.select({ login: agents.login, name: agents.name }).from(agents).where(and(eq(agents.isAdmin, true), eq(agents.valid, true)));
  const all = new Map([...granted, ...admins].map((agent) => [agent.login, agent]));
  return [...all.values()].sort((a, b) => a.name.localeCompare(b.name));
}

