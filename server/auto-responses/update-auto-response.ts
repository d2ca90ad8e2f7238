import { asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { autoResponses, queueAutoResponses, queues } from "../../db/schema";
import { adminTransaction, type AdminActor } from "../audit/admin-transaction";
import { recordAudit } from "../audit/record-audit";
import { InvalidInputError, NotFoundError } from "../errors";
import { parseInput } from "../validation";
import { autoResponseSettings, autoResponseUniqueViolation, type AdminAutoResponse } from "./auto-response-settings";
import { findAutoResponse } from "./find-auto-response";

export const updateAutoResponseInput = autoResponseSettings.partial().extend({ id: z.number().int().positive() });

/**
 * Changes an auto response; what is left out stays. Its type cannot change while queues send
 * it: each queue holds it as its response of that type, so they must be unlinked first.
 */
export async function updateAutoResponse(db: Db, actor: AdminActor, rawInput: z.input<typeof updateAutoResponseInput>): Promise<AdminAutoResponse> {
  const { id, ...input } = parseInput(updateAutoResponseInput, rawInput);
  await adminTransaction(db, actor, async (tx) => {
    const [current] = await tx.select({ type: autoResponses.type }).from(autoResponses).where(eq(autoResponses.id, id)).for("update");
    if (!current) throw new NotFoundError(`auto response ${id}`);
    if (input.type !== undefined && input.type !== current.type) {
      const linked = await tx
        .select({ name: queues.name })
        .from(queueAutoResponses)
        .innerJoin(queues, eq(queues.id, queueAutoResponses.queueId))
        .where(eq(queueAutoResponses.autoResponseId, id))
        .orderBy(asc(queues.name));
      if (linked.length > 0) throw new InvalidInputError("type", `the queues ${linked.map((queue) => queue.name).join(", ")} send it as their ${current.type} response: unlink it from them before changing its type`);
    }
    try {
      await tx
        .update(autoResponses)
        .set({ ...input, updatedAt: sql`now()` })
        .where(eq(autoResponses.id, id));
    } catch (error) {
      throw autoResponseUniqueViolation(error, input.name) ?? error;
    }
    await recordAudit(tx, { actorId: actor.id, action: "auto_response.update", target: `auto_response:${id}`, details: input });
  });
  return findAutoResponse(db, id);
}
