import { sql } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "../../../db/client";
import { postmasterFilters } from "../../../db/schema";
import { adminTransaction, type AdminActor } from "../../audit/admin-transaction";
import { recordAudit } from "../../audit/record-audit";
import { parseInput } from "../../validation";
import { checkFilterQueue, filterSettings, filterUniqueViolation, type AdminFilter } from "./filter-settings";
import { findFilter } from "./find-filter";

export const createFilterInput = filterSettings.partial({ stop: true, valid: true });

/** Adds a postmaster filter after the others; every pattern is compiled first, a bad one refused naming its field. */
export async function createFilter(db: Db, actor: AdminActor, rawInput: z.input<typeof createFilterInput>): Promise<AdminFilter> {
  const input = parseInput(createFilterInput, rawInput);
  const id = await adminTransaction(db, actor, async (tx) => {
    await checkFilterQueue(tx, input.actions);
    // Serialises additions, so that two filters added at once do not share a position.
    await tx.execute(sql`lock table ${postmasterFilters} in share row exclusive mode`);
    let row: { id: number } | undefined;
    try {
      [row] = await tx
        .insert(postmasterFilters)
        .values({ ...input, position: sql`(select coalesce(max(${postmasterFilters.position}), 0) + 10 from ${postmasterFilters})` })
        .returning({ id: postmasterFilters.id });
    } catch (error) {
      throw filterUniqueViolation(error, input.name) ?? error;
    }
    await recordAudit(tx, { actorId: actor.id, action: "filter.create", target: `filter:${row!.id}`, details: input });
    return row!.id;
  });
  return findFilter(db, id);
}
