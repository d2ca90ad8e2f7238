"use server";

import { z } from "zod";
import { getDb } from "@/db/client";
import { actionResult, type ActionResult } from "@/server/api/action-result";
import { requireAgent } from "@/server/auth/require-agent";
import { InvalidInputError } from "@/server/errors";
import { renderTemplateForTicket } from "@/server/templates/render-for-ticket";
import { addNote } from "@/server/tickets/add-note";
import type { ApiArticle } from "@/server/tickets/article-view";
import { decodeFormAttachments } from "@/server/tickets/attachment-input";
import { takeOverTicket } from "@/server/tickets/change-owner";
import { lockTicket } from "@/server/tickets/lock-ticket";
import { mergeTickets } from "@/server/tickets/merge-tickets";
import { replyToTicket } from "@/server/tickets/reply-to-ticket";
import { loadTicketPage, type UiArticle } from "@/server/tickets/ticket-page";
import type { ApiTicket } from "@/server/tickets/ticket-view";
import { unlockTicket } from "@/server/tickets/unlock-ticket";
import { updateTicket } from "@/server/tickets/update-ticket";
import { parseInput } from "@/server/validation";

const number = z.string().regex(/^\d{1,40}$/, "a ticket number");
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value && value.trim() !== "" ? value : undefined));
const addressList = z
  .string()
  .optional()
  .transform((value) => (value ?? "").split(/[,;\s]+/).filter(Boolean))
  .pipe(z.array(z.email({ error: "a list of e-mail addresses" })));

const composeFields = z.object({
  body: optionalText,
  subject: optionalText,
  templateId: z.coerce.number().int().positive().optional().or(z.literal("").transform(() => undefined)),
  state: optionalText,
  pendingUntil: z
    .string()
    .optional()
    .transform((value) => (value && value.trim() !== "" ? new Date(value) : undefined))
    .refine((date) => date === undefined || !Number.isNaN(date.getTime()), "a date and time"),
  version: z.coerce.number().int().positive().optional(),
});

function fields(form: FormData) {
  return Object.fromEntries([...form.entries()].filter(([, value]) => typeof value === "string")) as Record<string, string>;
}

export async function lockAction(ticket: string): Promise<ActionResult<ApiTicket>> {
  return actionResult(async () => lockTicket(getDb(), { actor: await requireAgent(), number: parseInput(number, ticket) }));
}

export async function unlockAction(ticket: string, force = false): Promise<ActionResult<ApiTicket>> {
  return actionResult(async () => unlockTicket(getDb(), { actor: await requireAgent(), number: parseInput(number, ticket), force }));
}

export async function takeOverAction(ticket: string): Promise<ActionResult<ApiTicket>> {
  return actionResult(async () => takeOverTicket(getDb(), { actor: await requireAgent(), number: parseInput(number, ticket) }));
}

export async function replyAction(ticket: string, form: FormData): Promise<ActionResult<ApiArticle>> {
  return actionResult(async () => {
    const actor = await requireAgent();
    const input = parseInput(composeFields.extend({ to: addressList, cc: addressList }), fields(form));
    return replyToTicket(getDb(), { ...input, actor, number: parseInput(number, ticket), attachments: await decodeFormAttachments(form.getAll("files")) });
  });
}

export async function noteAction(ticket: string, form: FormData): Promise<ActionResult<ApiArticle>> {
  return actionResult(async () => {
    const actor = await requireAgent();
    const input = parseInput(composeFields, fields(form));
    return addNote(getDb(), { ...input, actor, number: parseInput(number, ticket), attachments: await decodeFormAttachments(form.getAll("files")) });
  });
}

const updateFields = z.object({
  title: z.string().optional(),
  priority: z.coerce.number().int().optional(),
  state: z.string().min(1).optional(),
  pendingUntil: z.coerce.date({ error: "a date and time" }).nullable().optional(),
  queue: z.coerce.number().int().positive().optional(),
  keepLock: z.boolean().optional(),
  owner: z.string().min(1).nullable().optional(),
  version: z.number().int().positive().optional(),
});

export async function updateAction(ticket: string, changes: z.input<typeof updateFields>): Promise<ActionResult<ApiTicket>> {
  return actionResult(async () => updateTicket(getDb(), { ...parseInput(updateFields, changes), actor: await requireAgent(), number: parseInput(number, ticket) }));
}

export async function mergeAction(ticket: string, into: string): Promise<ActionResult<ApiTicket>> {
  return actionResult(async () => {
    const target = into.trim().replace(/^#/, "");
    if (!/^\d+$/.test(target)) throw new InvalidInputError("into", "a ticket number");
    return mergeTickets(getDb(), { actor: await requireAgent(), number: parseInput(number, ticket), into: target });
  });
}

/** One article in full, for an article that arrived live as a summary. */
export async function loadArticleAction(ticket: string, articleId: number): Promise<ActionResult<UiArticle | null>> {
  return actionResult(async () => {
    const page = await loadTicketPage(getDb(), await requireAgent(), parseInput(number, ticket));
    return page.articles.find((article) => article.id === articleId) ?? null;
  });
}

/** A template filled in for this ticket, for the composer to show before sending. */
export async function renderTemplateAction(ticket: string, templateId: number): Promise<ActionResult<string>> {
  return actionResult(async () => renderTemplateForTicket(getDb(), await requireAgent(), parseInput(number, ticket), templateId));
}
