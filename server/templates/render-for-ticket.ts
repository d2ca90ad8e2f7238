import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { tickets } from "../../db/schema";
import type { Actor } from "../auth/actor";
import { mayRead } from "../auth/permissions";
import { loadPermissionsOnQueue } from "../auth/queue-permissions";
import { InvalidInputError, NotFoundError } from "../errors";
import { findTemplateForQueue } from "./list-templates";
import { renderTemplate } from "./render-template";
import { buildTemplateContext } from "./template-context";

/** A template of the ticket's queue, filled in for the ticket and the agent: what the composer starts from. */
export async function renderTemplateForTicket(db: Db, actor: Actor, number: string, templateId: number): Promise<string> {
  const [ticket] = await db
    .select({ id: tickets.id, number: tickets.number, title: tickets.title, queueId: tickets.queueId, customerId: tickets.customerId, ownerId: tickets.ownerId })
    .from(tickets)
    .where(eq(tickets.number, number));
  if (!ticket || !mayRead(await loadPermissionsOnQueue(db, actor, ticket.queueId))) throw new NotFoundError("ticket");
  const template = await findTemplateForQueue(db, templateId, ticket.queueId);
  if (!template) throw new InvalidInputError("templateId", "no such template in this ticket's queue");
  return renderTemplate(template.body, await buildTemplateContext(db, ticket, actor));
}
