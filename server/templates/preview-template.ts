import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { queues, tickets } from "../../db/schema";
import { assertAdmin, type AdminActor } from "../audit/admin-transaction";
import type { Actor } from "../auth/actor";
import { InvalidInputError } from "../errors";
import { parseInput } from "../validation";
import { renderTemplate, unknownPlaceholders } from "./render-template";
import { buildTemplateContext } from "./template-context";

export const previewTemplateInput = z.object({
  /** The ticket to fill the placeholders from, by number. */
  ticket: z
    .string()
    .trim()
    .transform((value) => value.replace(/^#/, ""))
    .pipe(z.string().regex(/^\d{1,40}$/, "a ticket number")),
  body: z.string().max(100_000),
  subject: z.string().max(1_000).optional(),
  /**
   * Whose words these are: an agent's template (the agent placeholders are the previewing
   * administrator) or an auto response, which the queue sends by itself (they are the queue).
   */
  as: z.enum(["agent", "queue"]).default("agent"),
});

export interface TemplatePreview {
  body: string;
  subject: string | null;
  /** Placeholders that would stay as written. */
  unknown: string[];
}

/** A template or auto response text, unsaved, rendered against a real ticket: what it would say. */
export async function previewTemplate(db: Db, actor: AdminActor & Pick<Actor, "name" | "login">, rawInput: z.input<typeof previewTemplateInput>): Promise<TemplatePreview> {
  assertAdmin(actor);
  const input = parseInput(previewTemplateInput, rawInput);
  const [ticket] = await db
    .select({ id: tickets.id, number: tickets.number, title: tickets.title, queueId: tickets.queueId, customerId: tickets.customerId, ownerId: tickets.ownerId, queueName: queues.name })
    .from(tickets)
    .innerJoin(queues, eq(queues.id, tickets.queueId))
    .where(eq(tickets.number, input.ticket));
  if (!ticket) throw new InvalidInputError("ticket", `no ticket ${input.ticket}`);
  const speaker = input.as === "queue" ? { name: ticket.queueName, login: "" } : actor;
  const context = await buildTemplateContext(db, ticket, speaker);
  const subject = input.subject ?? null;
  return {
    body: renderTemplate(input.body, context),
    subject: subject === null ? null : renderTemplate(subject, context),
    unknown: [...new Set([...unknownPlaceholders(input.body), ...unknownPlaceholders(subject ?? "")])],
  };
}
