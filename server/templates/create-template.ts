import { z } from "zod";
import type { Db } from "../../db/client";
import { templates } from "../../db/schema";
import { adminTransaction, type AdminActor } from "../audit/admin-transaction";
import { recordAudit } from "../audit/record-audit";
import { parseInput } from "../validation";
import { findAdminTemplate } from "./find-admin-template";
import { linkTemplateQueues, templateSettings, templateUniqueViolation, type AdminTemplate } from "./template-settings";

export const createTemplateInput = templateSettings.partial({ kind: true, queues: true, valid: true });

/** An administrator adds a response template (placeholders checked), linked to the queues given. */
export async function createTemplate(db: Db, actor: AdminActor, rawInput: z.input<typeof createTemplateInput>): Promise<AdminTemplate> {
  const input = parseInput(createTemplateInput, rawInput);
  const id = await adminTransaction(db, actor, async (tx) => {
    let template: { id: number } | undefined;
    try {
      [template] = await tx.insert(templates).values({ name: input.name, kind: input.kind, body: input.body, valid: input.valid }).returning({ id: templates.id });
    } catch (error) {
      throw templateUniqueViolation(error, input.name) ?? error;
    }
    await linkTemplateQueues(tx, template!.id, input.queues ?? []);
    await recordAudit(tx, { actorId: actor.id, action: "template.create", target: `template:${template!.id}`, details: input });
    return template!.id;
  });
  return findAdminTemplate(db, id);
}
