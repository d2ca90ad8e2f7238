import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { templates } from "../../db/schema";
import { adminTransaction, type AdminActor } from "../audit/admin-transaction";
import { recordAudit } from "../audit/record-audit";
import { NotFoundError } from "../errors";
import { parseInput } from "../validation";

export const deleteTemplateInput = z.object({ id: z.number().int().positive() });

/** Deletes a template and its queue links; articles written from it keep their text. */
export async function deleteTemplate(db: Db, actor: AdminActor, rawInput: z.input<typeof deleteTemplateInput>): Promise<void> {
  const { id } = parseInput(deleteTemplateInput, rawInput);
  await adminTransaction(db, actor, async (tx) => {
    const [deleted] = await tx.delete(templates).where(eq(templates.id, id)).returning({ name: templates.name });
    if (!deleted) throw new NotFoundError(`template ${id}`);
    await recordAudit(tx, { actorId: actor.id, action: "template.delete", target: `template:${id}`, details: { name: deleted.name } });
  });
}
