import { z } from "zod";
import type { Db } from "../../db/client";
import { isUniqueViolation } from "../../db/errors";
import { templateKind, templateQueues, templates } from "../../db/schema";
import { AlreadyExistsError, InvalidInputError } from "../errors";
import { findQueue } from "../queues/find-queue";
import { parseInput } from "../validation";
import { unknownPlaceholders } from "./render-template";

export const addTemplateInput = z.object({
  name: z.string().trim().min(1, "required").max(200),
  kind: z.enum(templateKind.enumValues).default("answer"),
  body: z.string().min(1, "required").max(100_000),
  /** Queues (ids or names) that offer the template. */
  queues: z.array(z.union([z.number().int(), z.string().min(1)])).default([]),
});

export async function addTemplate(db: Db, raw: z.input<typeof addTemplateInput>): Promise<{ id: number }> {
  const input = parseInput(addTemplateInput, raw);
  const unknown = unknownPlaceholders(input.body);
  if (unknown.length > 0) throw new InvalidInputError("body", `unknown placeholders: ${unknown.map((name) => `{{${name}}}`).join(", ")}`);
  return db.transaction(async (tx) => {
    const queueIds = await Promise.all(input.queues.map(async (ref) => (await findQueue(tx, ref)).id));
    try {
      const [template] = await tx.insert(templates).values({ name: input.name, kind: input.kind, body: input.body }).returning({ id: templates.id });
      if (queueIds.length > 0) await tx.insert(templateQueues).values([...new Set(queueIds)].map((queueId) => ({ templateId: template!.id, queueId })));
      return { id: template!.id };
    } catch (error) {
      if (isUniqueViolation(error, "templates_name_key")) throw new AlreadyExistsError("name", `template ${input.name} already exists`);
      throw error;
    }
  });
}
