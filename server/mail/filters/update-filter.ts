import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../../db/client";
import { postmasterFilters } from "../../../db/schema";
import { adminTransaction, type AdminActor } from "../../audit/admin-transaction";
import { recordAudit } from "../../audit/record-audit";
import { NotFoundError } from "../../errors";
import { parseInput } from "../../validation";
import { checkFilterQueue, filterSettings, filterUniqueViolation, type AdminFilter } from "./filter-settings";
import { findFilter } from "./find-filter";

export const updateFilterInput = filterSettings.partial().extend({ id: z.number().int().positive() });

/** Changes a filter; what is left out stays, `matches` and `actions` are replaced whole. */
export async function updateFilter(db: Db, actor: AdminActor, rawInput: z.input<typeof updateFilterInput>): Promise<AdminFilter> {
  const { id, ...input } = parseInput(updateFilterInput, rawInput);
  await adminTransaction(db, actor, async (tx) => {
    await checkFilterQueue(tx, input.actions);
    let updated: { id: number }[];
    try {
      updated = await tx.update(postmasterFilters).set(input).where(eq(postmasterFilters.id, id)).returning({ id: postmasterFilters.id });
    } catch (error) {
      throw filterUniqueViolation(error, input.name) ?? error;
    }
    if (updated.length === 0) throw new NotFoundError(`postmaster filter ${id}`);
    await recordAudit(tx, { actorId: actor.id, action: "filter.update", target: `filter:${id}`, details: input });
  });
  return findFilter(db, id);
}
