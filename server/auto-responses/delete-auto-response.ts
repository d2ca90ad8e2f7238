import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { autoResponses } from "../../db/schema";
import { adminTransaction, type AdminActor } from "../audit/admin-transaction";
import { recordAudit } from "../audit/record-audit";
import { NotFoundError } from "../errors";
import { parseInput } from "../validation";

export const deleteAutoResponseInput = z.object({ id: z.number().int().positive() });

/** Deletes an auto response; the queues that sent it send none of that type until another is linked. */
export async function deleteAutoResponse(db: Db, actor: AdminActor, rawInput: z.input<typeof deleteAutoResponseInput>): Promise<void> {
  const { id } = parseInput(deleteAutoResponseInput, rawInput);
  await adminTransaction(db, actor, async (tx) => {
    const [deleted] = await tx.delete(autoResponses).where(eq(autoResponses.id, id)).returning({ name: autoResponses.name });
    if (!deleted) throw new NotFoundError(`auto response ${id}`);
    await recordAudit(tx, { actorId: actor.id, action: "auto_response.delete", target: `auto_response:${id}`, details: { name: deleted.name } });
  });
}
