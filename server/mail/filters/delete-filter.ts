import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../../db/client";
import { postmasterFilters } from "../../../db/schema";
import { adminTransaction, type AdminActor } from "../../audit/admin-transaction";
import { recordAudit } from "../../audit/record-audit";
import { NotFoundError } from "../../errors";
import { parseInput } from "../../validation";

export const deleteFilterInput = z.object({ id: z.number().int().positive() });

export async function deleteFilter(db: Db, actor: AdminActor, rawInput: z.input<typeof deleteFilterInput>): Promise<void> {
  const { id } = parseInput(deleteFilterInput, rawInput);
  await adminTransaction(db, actor, async (tx) => {
    const [deleted] = await tx.delete(postmasterFilters).where(eq(postmasterFilters.id, id)).returning({ name: postmasterFilters.name });
    if (!deleted) throw new NotFoundError(`postmaster filter ${id}`);
    await recordAudit(tx, { actorId: actor.id, action: "filter.delete", target: `filter:${id}`, details: { name: deleted.name } });
  });
}
