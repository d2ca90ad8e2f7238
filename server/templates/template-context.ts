import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { agents, articles, customers, queues } from "../../db/schema";
import type { Actor } from "../auth/actor";
import type { TicketRow } from "../tickets/ticket-change";
import { quote, type TemplateContext } from "./render-template";

type TicketFields = Pick<TicketRow, "id" | "number" | "title" | "queueId" | "customerId" | "ownerId">;

/** What the placeholders of a template mean for this ticket and this agent (or, for auto responses, the queue). */
export async function buildTemplateContext(db: Db, ticket: TicketFields, actor: Pick<Actor, "name" | "login">): Promise<TemplateContext> {
  const [queue] = await db.select({ name: queues.name, salutation: queues.salutation, signature: queues.signature }).from(queues).where(eq(queues.id, ticket.queueId));
  const [customer] = ticket.customerId ? await db.select({ name: customers.name, email: customers.email }).from(customers).where(eq(customers.id, ticket.customerId)) : [];
  const [owner] = ticket.ownerId ? await db.select({ name: agents.name }).from(agents).where(eq(agents.id, ticket.ownerId)) : [];
  const [last] = await db
    .select({ subject: articles.subject, body: articles.bodyText })
    .from(articles)
    .where(and(eq(articles.ticketId, ticket.id), eq(articles.senderType, "customer")))
    .orderBy(desc(articles.id))
    .limit(1);
  return {
    ticket: { number: ticket.number, title: ticket.title },
    customer: { name: customer?.name ?? customer?.email ?? "", email: customer?.email ?? "" },
    agent: { name: actor.name, login: actor.login },
    owner: { name: owner?.name ?? "" },
    queue: queue!,
    article: { subject: last?.subject ?? ticket.title, quote: last ? quote(last.body) : "" },
  };
}
