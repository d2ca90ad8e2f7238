import { and, eq, inArray, notInArray } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { autoResponses, queueAutoResponses, queues } from "../../db/schema";
import { adminTransaction, type AdminActor } from "../audit/admin-transaction";
import { recordAudit } from "../audit/record-audit";
import { InvalidInputError, NotFoundError } from "../errors";
import { parseInput } from "../validation";
import type { AdminAutoResponse } from "./auto-response-settings";
import { findAutoResponse } from "./find-auto-response";

export const linkAutoResponseInput = z.object({
  id: z.number().int().positive(),
  /** Exactly the queues that send this response; each replaces whatever response of that type it sent. */
  queues: z.array(z.number().int().positive()).max(10_000),
});

/** OTRS's "Queue ↔ Auto Responses" from the response's side: which queues send it. */
export async function linkAutoResponse(db: Db, actor: AdminActor, rawInput: z.input<typeof linkAutoResponseInput>): Promise<AdminAutoResponse> {
  const input = parseInput(linkAutoResponseInput, rawInput);
  const wanted = [...new Set(input.queues)];
  await adminTransaction(db, actor, async (tx) => {
    const [response] = await tx.select({ type: autoResponses.type }).from(autoResponses).where(eq(autoResponses.id, input.id)).for("update");
    if (!response) throw new NotFoundError(`auto response ${input.id}`);
    if (wanted.length > 0) {
      const found = await tx.select({ id: queues.id }).from(queues).where(inArray(queues.id, wanted));
      const missing = wanted.filter((id) => !found.some((row) => row.id === id));
      if (missing.length > 0) throw new InvalidInputError("queues", `no queue ${missing.join(", ")}`);
    }
    const mine = and(eq(queueAutoResponses.autoResponseId, input.id), eq(queueAutoResponses.type, response.type));
    await tx.delete(queueAutoResponses).where(wanted.length > 0 ? and(mine, notInArray(queueAutoResponses.queueId, wanted)) : mine);
    if (wanted.length > 0) {
      await tx
        .insert(queueAutoResponses)
        .values(wanted.map((queueId) => ({ queueId, type: response.type, autoResponseId: input.id })))
        .onConflictDoUpdate({ target: [queueAutoResponses.queueId, queueAutoResponses.type], set: { autoResponseId: input.id } });
    }
    await recordAudit(tx, { actorId: actor.id, action: "auto_response.link", target: `auto_response:${input.id}`, details: { queues: wanted } });
  });
  return findAutoResponse(db, input.id);
}
