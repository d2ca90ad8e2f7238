import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { templateQueues, templates } from "../../db/schema";
import type { Actor } from "../auth/actor";
import { decideCreate } from "../auth/permissions";
import { loadPermissionsOnQueue } from "../auth/queue-permissions";
import { ForbiddenError, InvalidInputError, NotFoundError } from "../errors";
import { findQueue } from "../queues/find-queue";
import { findTemplateForQueue, type ApiTemplate } from "./list-templates";
import { renderTemplate } from "./render-template";

/** Template kinds offered when creating a ticket: `create` always, `phone` or `email` after the ticket's kind. */
export const NEW_TICKET_TEMPLATE_KINDS = { phone: ["create", "phone"], email_out: ["create", "email"] } as const;

/** The queue, if the actor may create tickets in it (`create` suffices, as in OTRS). */
async function queueToCreateIn(db: Db, actor: Actor, ref: number | string) {
  const queue = await findQueue(db, ref);
  const decision = decideCreate(await loadPermissionsOnQueue(db, actor, queue.id));
  if (!decision.allowed) throw decision.reason === "forbidden" ? new ForbiddenError(decision.message) : new NotFoundError("queue");
  return queue;
}

/** The valid templates the queue offers for a new ticket of this kind, by name. */
export async function listTemplatesForNewTicket(db: Db, actor: Actor, queueRef: number | string, kind: keyof typeof NEW_TICKET_TEMPLATE_KINDS): Promise<ApiTemplate[]> {
  const queue = await queueToCreateIn(db, actor, queueRef);
  return db
    .select({ id: templates.id, name: templates.name, kind: templates.kind, body: templates.body })
    .from(templates)
    .innerJoin(templateQueues, eq(templateQueues.templateId, templates.id))
    .where(and(eq(templateQueues.queueId, queue.id), eq(templates.valid, true), inArray(templates.kind, [...NEW_TICKET_TEMPLATE_KINDS[kind]])))
    .orderBy(asc(templates.name));
}

export interface NewTicketTemplateInput {
  queue: number | string;
  templateId: number;
  customer: { email: string; name?: string };
  title: string;
}

/**
 * A template of the queue filled in for a ticket not created yet: the agent, the queue's
 * salutation and signature, the customer and title typed so far. There is no number and no
 * article to quote yet, so those placeholders come out empty; the creator becomes the owner.
 */
export async function renderTemplateForNewTicket(db: Db, actor: Actor, input: NewTicketTemplateInput): Promise<string> {
  const queue = await queueToCreateIn(db, actor, input.queue);
  const template = await findTemplateForQueue(db, input.templateId, queue.id);
  if (!template) throw new InvalidInputError("templateId", "no such template in this queue");
  const email = input.customer.email.trim();
  return renderTemplate(template.body, {
    ticket: { number: "", title: input.title.trim() },
    customer: { name: input.customer.name?.trim() || email, email },
    agent: { name: actor.name, login: actor.login },
    owner: { name: actor.name },
    queue: { name: queue.name, salutation: queue.salutation, signature: queue.signature },
    article: { subject: input.title.trim(), quote: "" },
  });
}
