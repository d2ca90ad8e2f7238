import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../../db/client";
import { inboundMessages } from "../../../db/schema";
import { assertAdmin, type AdminActor } from "../../audit/admin-transaction";
import { recordAudit } from "../../audit/record-audit";
import { InvalidInputError, NotFoundError } from "../../errors";
import { parseInput } from "../../validation";
import type { ProcessResult } from "./process-inbound-message";
import { reprocessFailedMessages } from "./reprocess-failed-messages";

export const reprocessInboundMessageInput = z.object({ id: z.number().int().positive() });

/**
 * An administrator retries one failed message through the whole pipeline again. Processing
 * commits in its own transactions (as for any message), so the audit row follows it, saying
 * how it went.
 */
export async function reprocessInboundMessage(db: Database, actor: AdminActor, rawInput: z.input<typeof reprocessInboundMessageInput>): Promise<ProcessResult> {
  assertAdmin(actor);
  const { id } = parseInput(reprocessInboundMessageInput, rawInput);
  const [row] = await db.select({ status: inboundMessages.status }).from(inboundMessages).where(eq(inboundMessages.id, id));
  if (!row) throw new NotFoundError(`inbound message ${id}`);
  if (row.status !== "failed") throw new InvalidInputError("id", `the message was ${row.status === "new" ? "not processed yet" : "already processed"}; only a failed message is reprocessed`);
  const [outcome] = await reprocessFailedMessages(db, { id });
  // Another administrator (or mail:reprocess) took it first.
  const result: ProcessResult = outcome?.result ?? { status: "processed", outcome: "already_processed", ticketId: null };
  await recordAudit(db, { actorId: actor.id, action: "inbound.reprocess", target: `inbound_message:${id}`, details: { ...result } });
  return result;
}
