import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { articles, attachments, ticketLinks, tickets } from "../../db/schema";
import type { Actor } from "../auth/actor";
import { decideCreate } from "../auth/permissions";
import { loadPermissionsOnQueue } from "../auth/queue-permissions";
import { NotFoundError } from "../errors";
import { findQueue } from "../queues/find-queue";
import { excerpt } from "./articles";
import { normaliseTitle } from "./change-title";
import { searchWords } from "./search-vector";
import { changeTicket, refusal } from "./ticket-change";
import { allocateTicketNumber } from "./ticket-number";
import { loadTicketView, type ApiTicket } from "./ticket-view";

export interface SplitInput {
  actor: Actor;
  number: string;
  articleId: number;
  /** The new ticket's queue (id or name); by default the ticket's own. */
  queue?: number | string;
  /** The new ticket's title; by default the article's subject. */
  title?: string;
}

/**
 * Splits an article off into a new ticket: a copy of the article and its attachments, the
 * same customer and priority, linked to the ticket it came from (OTRS's "split"). Needs `rw`
 * on the ticket and `create` on the new ticket's queue.
 */
export async function splitArticle(db: Database, input: SplitInput): Promise<ApiTicket> {
  const number = await allocateTicketNumber(db);
  const { result: newTicketId } = await changeTicket(db, input, async (change) => {
    await change.require("split");
    const source = change.ticket;
    const [article] = await change.tx
      .select()
      .from(articles)
      .where(and(eq(articles.id, input.articleId), eq(articles.ticketId, source.id)));
    if (!article) throw new NotFoundError("article");
    const queue = input.queue === undefined ? await findQueue(change.tx, source.queueId) : await findQueue(change.tx, input.queue);
    const decision = decideCreate(await loadPermissionsOnQueue(change.tx, change.actor, queue.id));
    if (!decision.allowed) throw await refusal(change.tx, decision, source);
    const title = normaliseTitle(input.title ?? (article.subject || source.title));

    const [created] = await change.tx
      .insert(tickets)
      .values({
        number,
        title,
        queueId: queue.id,
        state: "new",
        stateType: "new",
        priority: source.priority,
        customerId: source.customerId,
        ownerId: change.actor.id,
        createdBy: change.actor.id,
        searchVector: searchWords(`${title} ${article.subject} ${article.bodyText}`),
      })
      .returning({ id: tickets.id });
    const { id: _id, ticketId: _ticketId, createdAt: _createdAt, ...copy } = article;
    const [copied] = await change.tx
      .insert(articles)
      .values({ ...copy, ticketId: created!.id })
      .returning({ id: articles.id });
    await change.tx.execute(sql`
      insert into ${attachments} (article_id, filename, content_type, size, content_id, inline, content)
      select ${copied!.id}, filename, content_type, size, content_id, inline, content from ${attachments} where article_id = ${article.id}`);
    await change.tx.insert(ticketLinks).values({ sourceTicketId: source.id, targetTicketId: created!.id, kind: "parent_child", createdBy: change.actor.id });

    change.record({ type: "TicketLinkAdd", name: `split into ${number}` });
    change.record({ ticketId: created!.id, type: "NewTicket", name: `${number} in ${queue.name}, split from ${source.number}` });
    change.record({
      ticketId: created!.id,
      type: "Misc",
      name: `article copied from ${source.number}`,
      articleId: copied!.id,
      data: { article: { id: copied!.id, kind: article.kind, from: article.fromAddress, subject: article.subject, excerpt: excerpt(article.bodyText) } },
    });
    return created!.id;
  });
  return loadTicketView(db, newTicketId);
}
