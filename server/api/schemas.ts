import { z } from "zod";
import { InvalidInputError } from "../errors";
import { attachmentInput } from "../tickets/attachment-input";
import { MAX_ATTACHMENT_BYTES } from "../tickets/attachment-input";

/** Requests that may carry attachments: their base64 (4/3 larger) plus the JSON around it. */
export const MAX_BODY_WITH_ATTACHMENTS_BYTES = Math.ceil((MAX_ATTACHMENT_BYTES * 4) / 3) + 1024 * 1024;

export const queueRef = z.union([z.number().int().positive(), z.string().trim().min(1)]);
export const attachments = z.array(attachmentInput).max(50).optional();
export const version = z.number().int().positive().optional();
const addresses = z.union([z.email(), z.array(z.email()).max(50)]).transform((value) => (Array.isArray(value) ? value : [value]));

export const createTicketBody = z.object({
  queue: queueRef,
  title: z.string().min(1, "required").max(1000),
  customer: z.object({ email: z.email(), name: z.string().max(200).optional() }),
  body: z.string().min(1, "required"),
  kind: z.enum(["phone", "email_out"]).default("phone"),
  priority: z.number().int().min(1).max(5).optional(),
  attachments,
});

export const updateTicketBody = z.object({
  queue: queueRef.optional(),
  keepLock: z.boolean().optional(),
  owner: z.string().trim().min(1).nullable().optional(),
  state: z.string().trim().min(1).optional(),
  pendingUntil: z.iso.datetime({ offset: true, error: "an ISO 8601 date and time" }).nullable().optional(),
  priority: z.number().int().min(1, "from 1 to 5").max(5, "from 1 to 5").optional(),
  title: z.string().min(1).max(1000).optional(),
  version,
});

export const addArticleBody = z
  .object({
    kind: z.enum(["reply", "note"]),
    body: z.string().optional(),
    subject: z.string().max(1000).optional(),
    to: addresses.optional(),
    cc: addresses.optional(),
    templateId: z.number().int().positive().optional(),
    state: z.string().trim().min(1).optional(),
    pendingUntil: z.iso.datetime({ offset: true, error: "an ISO 8601 date and time" }).optional(),
    attachments,
    version,
  })
  .refine((value) => (value.body !== undefined && value.body.trim() !== "") || value.templateId !== undefined, { path: ["body"], message: "required (or a templateId)" });

export const lockBody = z.object({ version }).default({});
export const unlockBody = z.object({ force: z.boolean().optional(), version }).default({});
export const mergeBody = z.object({ into: z.string().regex(/^\d+$/, "a ticket number"), version });
export const splitBody = z.object({ queue: queueRef.optional(), title: z.string().min(1).max(1000).optional() }).default({});

export const ticketNumberParam = z.string().regex(/^\d{1,40}$/, "a ticket number");
export const idParam = z.coerce.number().int().positive();

/**
 * A path parameter, validated: a bad one is `invalid` naming the parameter (`number`, `id`),
 * as a body field would be named.
 */
export function parseParam<Schema extends z.ZodType>(field: string, schema: Schema, value: unknown): z.output<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new InvalidInputError(field, result.error.issues[0]?.message ?? "invalid");
}
