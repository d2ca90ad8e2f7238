import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../../db/client";
import { postmasterFilters } from "../../../db/schema";
import { adminTransaction, type AdminActor } from "../../audit/admin-transaction";
import { recordAudit } from "../../audit/record-audit";
import { InvalidInputError } from "../../errors";
import { parseInput } from "../../validation";
import { selectFilters, type AdminFilter } from "./filter-settings";

export const reorderFiltersInput = z.object({
  /** Every filter's id, once each, in the order they are to run. */
  ids: z.array(z.number().int().positive()).max(10_000),
});

/**
 * Puts the filters in a new order (positions 10, 20, …). The list must name every filter
 * exactly once: one added or removed meanwhile makes it stale, and it is refused.
 */
export async function reorderFilters(db: Db, actor: AdminActor, rawInput: z.input<typeof reorderFiltersInput>): Promise<AdminFilter[]> {
  const { ids } = parseInput(reorderFiltersInput, rawInput);
  await adminTransaction(db, actor, async (tx) => {
    const current = await tx.select({ id: postmasterFilters.id }).from(postmasterFilters).orderBy(asc(postmasterFilters.id)).for("update");
    const known = new Set(current.map((row) => row.id));
    if (new Set(ids).size !== ids.length || ids.length !== known.size || ids.some((id) => !known.has(id))) {
      throw new InvalidInputError("ids", "must list every postmaster filter exactly once (reload: filters were added or removed meanwhile)");
    }
    for (const [index, id] of ids.entries()) {
      await tx
        .update(postmasterFilters)
        .set({ position: (index + 1) * 10 })
        .where(eq(postmasterFilters.id, id));
    }
    await recordAudit(tx, { actorId: actor.id, action: "filter.reorder", target: "filters", details: { order: ids } });
  });
  return selectFilters(db);
}
