"use server";

import { z } from "zod";
import { getDb } from "@/db/client";
import { actionResult, type ActionResult } from "@/server/api/action-result";
import { formText } from "@/server/api/form-fields";
import { requireAgent } from "@/server/auth/require-agent";
import { readConfig } from "@/server/config";
import { retryOutboxMail } from "@/server/system/retry-outbox-mail";
import { sendTestMail, type TestMailResult } from "@/server/system/send-test-mail";
import { parseInput } from "@/server/validation";

export async function sendTestMailAction(form: FormData): Promise<ActionResult<TestMailResult>> {
  return actionResult(async () => sendTestMail(getDb(), await requireAgent(), { to: formText(form, "to") ?? "" }, readConfig()));
}

/** One failed message (or, without an id, every failed message) gets a fresh run of attempts. */
export async function retryOutboxAction(outboxId?: number): Promise<ActionResult<{ retried: number }>> {
  return actionResult(async () => retryOutboxMail(getDb(), await requireAgent(), { id: outboxId === undefined ? undefined : parseInput(z.number().int().positive(), outboxId) }));
}
