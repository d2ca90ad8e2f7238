"use server";

import { z } from "zod";
import { getDb } from "@/db/client";
import { actionResult, type ActionResult } from "@/server/api/action-result";
import { requireAgent } from "@/server/auth/require-agent";
import { InvalidInputError } from "@/server/errors";
import type { ApiTemplate } from "@/server/templates/list-templates";
import { listTemplatesForNewTicket, renderTemplateForNewTicket } from "@/server/templates/render-for-new-ticket";
import { decodeFormAttachments } from "@/server/tickets/attachment-input";
import { createTicket } from "@/server/tickets/create-ticket";
import { parseInput } from "@/server/validation";

const kind = z.enum(["phone", "email_out"], { error: "phone or email_out" });
const queue = z.coerce.number({ error: "choose a queue" }).int().positive("choose a queue");

const ticketFields = z.object({
  kind,
  queue,
  priority: z.coerce.number().int().min(1, "from 1 to 5").max(5, "from 1 to 5"),
  customerEmail: z.string().trim().min(1, "required").pipe(z.email({ error: "an e-mail address" })),
  customerName: z
    .string()
    .trim()
    .max(200)
    .optional()
    .transform((value) => (value ? value : undefined)),
  title: z.string().trim().min(1, "required"),
  body: z.string().refine((value) => value.trim() !== "", "required"),
});

/** The form's text fields; files are read apart. */
function fields(form: FormData): Record<string, string> {
  return Object.fromEntries([...form.entries()].filter(([, value]) => typeof value === "string")) as Record<string, string>;
}

/** Domain errors name the domain's fields; the form's fields for the customer are named apart. */
const FORM_FIELD: Record<string, string> = { email: "customerEmail", name: "customerName" };

async function renamingFields<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof InvalidInputError && FORM_FIELD[error.field]) throw new InvalidInputError(FORM_FIELD[error.field]!, error.message.slice(error.field.length + 2));
    throw error;
  }
}

/** Creates a phone or outgoing email ticket from the new-ticket form; answers its number. */
export async function createTicketAction(form: FormData): Promise<ActionResult<{ number: string }>> {
  return actionResult(async () => {
    const actor = await requireAgent();
    const input = parseInput(ticketFields, fields(form));
    const attachments = await decodeFormAttachments(form.getAll("files"));
    const ticket = await renamingFields(() =>
      createTicket(getDb(), {
        actor,
        queue: input.queue,
        kind: input.kind,
        priority: input.priority,
        title: input.title,
        customer: { email: input.customerEmail, name: input.customerName },
        body: input.body,
        attachments,
      }),
    );
    return { number: ticket.number };
  });
}

/** The templates a queue offers for this kind of new ticket. */
export async function newTicketTemplatesAction(queueId: number, ticketKind: "phone" | "email_out"): Promise<ActionResult<ApiTemplate[]>> {
  return actionResult(async () => {
    return listTemplatesForNewTicket(getDb(), await requireAgent(), parseInput(queue, queueId), parseInput(kind, ticketKind));
  });
}

const renderFields = z.object({
  queue,
  templateId: z.coerce.number().int().positive(),
  customerEmail: z.string().default(""),
  customerName: z.string().default(""),
  title: z.string().default(""),
});

/** A template filled in for the ticket being written, for the body to start from. */
export async function renderNewTicketTemplateAction(input: z.input<typeof renderFields>): Promise<ActionResult<string>> {
  return actionResult(async () => {
    const { queue: queueId, templateId, customerEmail, customerName, title } = parseInput(renderFields, input);
    return renderTemplateForNewTicket(getDb(), await requireAgent(), { queue: queueId, templateId, customer: { email: customerEmail, name: customerName }, title });
  });
}
