import { z } from "zod";
import type { Db } from "../../db/client";
import { adminTransaction, type AdminActor } from "../audit/admin-transaction";
import { recordAudit } from "../audit/record-audit";
import { InvalidInputError } from "../errors";
import { retryFailedMail } from "../mail/outbound/retry-failed-mail";
import { parseInput } from "../validation";

export const retryOutboxMailInput = z.object({
  /** One failed message; without it, every failed message. */
  id: z.number().int().positive().optional(),
});

/** An administrator gives failed outbound mail a fresh run of attempts (see `retryFailedMail`); returns how many. */
export async function retryOutboxMail(db: Db, actor: AdminActor, rawInput: z.input<typeof retryOutboxMailInput> = {}): Promise<{ retried: number }> {
  const input = parseInput(retryOutboxMailInput, rawInput);
  return adminTransaction(db, actor, async (tx) => {
    const retried = await retryFailedMail(tx, input);
    if (input.id !== undefined && retried === 0) throw new InvalidInputError("id", `outbox message ${input.id} is not a failed message`);
    await recordAudit(tx, { actorId: actor.id, action: "outbox.retry", target: input.id === undefined ? "outbox" : `outbox:${input.id}`, details: { retried } });
    return { retried };
  });
}
