import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { agents, articles, customers, queues } from "../../db/schema";
import type { Actor } from "../auth/actor";
import type { TicketRow } from "../tickets/ticket-change";
import { quote, type TemplateContext } from "./render-template";

type TicketFields = Pick<TicketRow, "id" | "number" | "title" | "queueId" | "customerId" | "ownerId">;

/** What the placeholders of a template mean for this ticket and this agent (or, for auto responses, the queue), read in one statement. */
export async function buildTemplateContext(db: Db, ticket: TicketFields, actor: Pick<Actor, "name" | "login">): Promise<TemplateContext> {
  const last = db
    .select({ subject: articles.subject, body: articles.bodyText })
    .from(articles)
    .where(and(eq(articles.ticketId, ticket.id), eq(articles.senderType, "customer")))
    .orderBy(desc(articles.id))
    .limit(1)
    .as("last_customer_article");
  const [row] = await db
    .select({
      queue: { name: queues.name, salutation: queues.salutation, signature: queues.signature },
      customer: { name: customers.name, email: customers.email },
      owner: { name: agents.name },
      last: { subject: last.subject, body: last.body },
    })
    .from(queues)
    .leftJoin(customers, ticket.customerId === null ? sql`false` : eq(customers.id, ticket.customerId))
    .leftJoin(agents, ticket.ownerId === null ? sql`false` : eq(agents.id, ticket.ownerId))
    .leftJoin(last, sql`true`)
    .where(eq(queues.id, ticket.queueId));
  const { queue, customer, owner, last: lastArticle } = row!;
  return {
    ticket: { number: ticket.number, title: ticket.title },
    customer: { name: customer?.name ?? customer?.email ?? "", email: customer?.email ?? "" },
    agent: { name: actor.name, login: actor.login },
    owner: { name: owner?.name ?? "" },
    queue,
    article: { subject: lastArticle?.subject ?? ticket.title, quote: lastArticle ? quote(lastArticle.body) : "" },
  };
}
