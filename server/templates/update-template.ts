import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { templates } from "../../db/schema";
import { adminTransaction, type AdminActor } from "../audit/admin-transaction";
import { recordAudit } from "../audit/record-audit";
import { NotFoundError } from "../errors";
import { parseInput } from "../validation";
import { findAdminTemplate } from "./find-admin-template";
import { linkTemplateQueues, templateSettings, templateUniqueViolation, type AdminTemplate } from "./template-settings";

export const updateTemplateInput = templateSettings.partial().extend({ id: z.number().int().positive() });

/** Changes a template; what is left out stays, and `queues`, when given, replaces its queue links. */
export async function updateTemplate(db: Db, actor: AdminActor, rawInput: z.input<typeof updateTemplateInput>): Promise<AdminTemplate> {
  const { id, queues, ...input } = parseInput(updateTemplateInput, rawInput);
  await adminTransaction(db, actor, async (tx) => {
    let updated: { id: number }[];
    try {
      updated = await tx
        .update(templates)
        .set({ ...input, updatedAt: sql`now()` })
        .where(eq(templates.id, id))
        .returning({ id: templates.id });
    } catch (error) {
      throw templateUniqueViolation(error, input.name) ?? error;
    }
    if (updated.length === 0) throw new NotFoundError(`template ${id}`);
    if (queues) await linkTemplateQueues(tx, id, queues);
    await recordAudit(tx, { actorId: actor.id, action: "template.update", target: `template:${id}`, details: { ...input, ...(queues && { queues }) } });
  });
  return findAdminTemplate(db, id);
}
