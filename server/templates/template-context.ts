import { sql, type Placeholder, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { prebuildQuery, runPrebuiltQuery } from "../../db/prebuilt-query";
import { agents, articles, customers, queues } from "../../db/schema";
import type { Actor } from "../auth/actor";
import type { TicketRow } from "../tickets/ticket-change";
import { quote, type TemplateContext } from "./render-template";

type TicketFields = Pick<TicketRow, "id" | "number" | "title" | "queueId" | "customerId" | "ownerId">;

/** What the placeholders need from the database. */
export interface TemplateContextRow {
  queueName: string;
  salutation: string;
  signature: string;
  customerName: string | null;
  customerEmail: string | null;
  ownerName: string | null;
  lastSubject: string | null;
  lastBody: string | null;
}

/** Joins the ticket's last article from the customer as `last`: what `article.subject` and `article.quote` show. */
export function joinLastCustomerArticle(ticketId: SQL | Placeholder): SQL {
  return sql`left join lateral (
    select subject, body_text from ${articles} where ticket_id = ${ticketId} and sender_type = 'customer' order by id desc limit 1
  ) last on true`;
}

// Read for every auto response, template preview and template rendered outside a reply: built once.
const contextQuery = prebuildQuery(sql`
  select q.name as "queueName", q.salutation, q.signature, c.name as "customerName", c.email as "customerEmail", o.name as "ownerName",
    last.subject as "lastSubject", last.body_text as "lastBody"
  from ${queues} q
  left join ${customers} c on c.id = ${sql.placeholder("customerId")}
  left join ${agents} o on o.id = ${sql.placeholder("ownerId")}
  ${joinLastCustomerArticle(sql.placeholder("ticketId"))}
  where q.id = ${sql.placeholder("queueId")}`);

/** What the placeholders of a template mean for this ticket and this agent (or, for auto responses, the queue), read in one statement. */
export async function buildTemplateContext(db: Db, ticket: TicketFields, actor: Pick<Actor, "name" | "login">): Promise<TemplateContext> {
  const [row] = await runPrebuiltQuery<TemplateContextRow>(db, contextQuery, { queueId: ticket.queueId, customerId: ticket.customerId, ownerId: ticket.ownerId, ticketId: ticket.id });
  return templateContextOf(row!, ticket, actor);
}

/** The placeholders' values from what was read for them (a reply reads them with its other reads). */
export function templateContextOf(row: TemplateContextRow, ticket: Pick<TicketRow, "number" | "title">, actor: Pick<Actor, "name" | "login">): TemplateContext {
  const { queueName, salutation, signature, customerName, customerEmail, ownerName, lastSubject, lastBody } = row;
  return {
    ticket: { number: ticket.number, title: ticket.title },
    customer: { name: customerName ?? customerEmail ?? "", email: customerEmail ?? "" },
    agent: { name: actor.name, login: actor.login },
    owner: { name: ownerName ?? "" },
    queue: { name: queueName, salutation, signature },
    article: { subject: lastSubject ?? ticket.title, quote: lastBody === null ? "" : quote(lastBody) },
  };
}
