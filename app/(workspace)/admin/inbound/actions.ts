"use server";

import { z } from "zod";
import { getDb } from "@/db/client";
import { actionResult, type ActionResult } from "@/server/api/action-result";
import { requireAgent } from "@/server/auth/require-agent";
import type { ProcessResult } from "@/server/mail/inbound/process-inbound-message";
import { reprocessInboundMessage } from "@/server/mail/inbound/reprocess-inbound-message";
import { parseInput } from "@/server/validation";

export async function reprocessInboundAction(messageId: number): Promise<ActionResult<ProcessResult>> {
  return actionResult(async () => reprocessInboundMessage(getDb(), await requireAgent(), { id: parseInput(z.number().int().positive(), messageId) }));
}
