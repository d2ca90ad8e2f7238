import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { isUniqueViolation } from "../../db/errors";
import { queues, templateKind, templateQueues, templates } from "../../db/schema";
import { AlreadyExistsError, InvalidInputError } from "../errors";
import { unknownPlaceholders } from "./render-template";

/** What an administrator sets on a response template. */
export const templateSettings = z.object({
  name: z.string().trim().min(1, "required").max(200, "at most 200 characters"),
  kind: z.enum(templateKind.enumValues, { error: `one of ${templateKind.enumValues.join(", ")}` }),
  body: z
    .string()
    .max(100_000, "at most 100000 characters")
    .refine((body) => body.trim() !== "", "required")
    .superRefine((body, context) => {
      const unknown = unknownPlaceholders(body);
      if (unknown.length > 0) context.addIssue({ code: "custom", message: `unknown placeholders: ${unknown.map((name) => `{{${name}}}`).join(", ")}` });
    }),
  /** The queues that offer the template, by id; the list replaces the links there were. */
  queues: z.array(z.number().int().positive()).max(10_000),
  valid: z.boolean(),
});

export interface AdminTemplate {
  id: number;
  name: string;
  kind: (typeof templateKind.enumValues)[number];
  body: string;
  valid: boolean;
  queues: { id: number; name: string }[];
  updatedAt: string;
}

/** Links the template to exactly these queues; an unknown queue is named. */
export async function linkTemplateQueues(tx: Db, templateId: number, queueIds: number[]): Promise<void> {
  const wanted = [...new Set(queueIds)];
  if (wanted.length > 0) {
    const found = await tx.select({ id: queues.id }).from(queues).where(inArray(queues.id, wanted));
    const missing = wanted.filter((id) => !found.some((row) => row.id === id));
    if (missing.length > 0) throw new InvalidInputError("queues", `no queue ${missing.join(", ")}`);
  }
  await tx.delete(templateQueues).where(eq(templateQueues.templateId, templateId));
  if (wanted.length > 0) await tx.insert(templateQueues).values(wanted.map((queueId) => ({ templateId, queueId })));
}

export function templateUniqueViolation(error: unknown, name: string | undefined): Error | null {
  return isUniqueViolation(error, "templates_name_key") ? new AlreadyExistsError("name", `template ${name} already exists`) : null;
}

/** Templates with their queues, by name: all, or those with the given ids. */
export async function selectAdminTemplates(db: Db, ids?: number[]): Promise<AdminTemplate[]> {
  const rows = await db
    .select()
    .from(templates)
    .where(ids ? inArray(templates.id, ids) : undefined)
    .orderBy(asc(sql`lower(${templates.name})`));
  if (rows.length === 0) return [];
  const links = await db
    .select({ templateId: templateQueues.templateId, id: queues.id, name: queues.name })
    .from(templateQueues)
    .innerJoin(queues, and(eq(queues.id, templateQueues.queueId)))
    .where(
      inArray(
        templateQueues.templateId,
        rows.map((row) => row.id),
      ),
    )
    .orderBy(asc(sql`lower(${queues.name})`));
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    kind: row.kind,
    body: row.body,
    valid: row.valid,
    queues: links.filter((link) => link.templateId === row.id).map(({ id, name }) => ({ id, name })),
    updatedAt: row.updatedAt.toISOString(),
  }));
}
