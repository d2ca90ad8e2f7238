import { z } from "zod";
import type { Db } from "../../db/client";
import { autoResponses } from "../../db/schema";
import { adminTransaction, type AdminActor } from "../audit/admin-transaction";
import { recordAudit } from "../audit/record-audit";
import { parseInput } from "../validation";
import { autoResponseSettings, autoResponseUniqueViolation, type AdminAutoResponse } from "./auto-response-settings";
import { findAutoResponse } from "./find-auto-response";

export const createAutoResponseInput = autoResponseSettings.partial({ valid: true });

/** An administrator adds an auto response; queues send it once it is linked to them. */
export async function createAutoResponse(db: Db, actor: AdminActor, rawInput: z.input<typeof createAutoResponseInput>): Promise<AdminAutoResponse> {
  const input = parseInput(createAutoResponseInput, rawInput);
  const id = await adminTransaction(db, actor, async (tx) => {
    let row: { id: number } | undefined;
    try {
      [row] = await tx.insert(autoResponses).values(input).returning({ id: autoResponses.id });
    } catch (error) {
      throw autoResponseUniqueViolation(error, input.name) ?? error;
    }
    await recordAudit(tx, { actorId: actor.id, action: "auto_response.create", target: `auto_response:${row!.id}`, details: input });
    return row!.id;
  });
  return findAutoResponse(db, id);
}
