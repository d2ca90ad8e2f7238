"use server";

import { z } from "zod";
import { getDb } from "@/db/client";
import { actionResult, type ActionResult } from "@/server/api/action-result";
import { formCheckbox, formNullableNumber, formNullableText, formNumber, formText } from "@/server/api/form-fields";
import { requireAgent } from "@/server/auth/require-agent";
import { createQueue } from "@/server/queues/create-queue";
import { deleteQueue } from "@/server/queues/delete-queue";
import { invalidateQueue } from "@/server/queues/invalidate-queue";
import type { AdminQueue } from "@/server/queues/list-admin-queues";
import { updateQueue } from "@/server/queues/update-queue";
import { parseInput } from "@/server/validation";

const id = z.number().int().positive();

/** The queue form's fields as the domain takes them; a field the form lacks stays as it is. */
function queueFields(form: FormData) {
  const response = (type: string) => formNullableNumber(form, `autoResponses.${type}`);
  return {
    name: formText(form, "name"),
    group: formNumber(form, "group"),
    address: formNullableText(form, "address"),
    unlockTimeoutMinutes: formNumber(form, "unlockTimeoutMinutes"),
    followUpPolicy: formText(form, "followUpPolicy") as "possible" | undefined,
    followUpLock: formCheckbox(form, "followUpLock"),
    autoResponsesEnabled: formCheckbox(form, "autoResponsesEnabled"),
    salutation: formText(form, "salutation"),
    signature: formText(form, "signature"),
    valid: formCheckbox(form, "valid"),
    autoResponses: { reply: response("reply"), reject: response("reject"), follow_up: response("follow_up"), reply_new_ticket: response("reply_new_ticket") },
  };
}

export async function createQueueAction(form: FormData): Promise<ActionResult<AdminQueue>> {
  return actionResult(async () => {
    const { name, group, ...rest } = queueFields(form);
    return createQueue(getDb(), await requireAgent(), { ...rest, name: name ?? "", group: group ?? Number.NaN });
  });
}

export async function updateQueueAction(queueId: number, form: FormData): Promise<ActionResult<AdminQueue>> {
  return actionResult(async () => updateQueue(getDb(), await requireAgent(), { ...queueFields(form), id: parseInput(id, queueId) }));
}

export async function invalidateQueueAction(queueId: number): Promise<ActionResult<AdminQueue>> {
  return actionResult(async () => invalidateQueue(getDb(), await requireAgent(), { id: parseInput(id, queueId) }));
}

export async function restoreQueueAction(queueId: number): Promise<ActionResult<AdminQueue>> {
  return actionResult(async () => updateQueue(getDb(), await requireAgent(), { id: parseInput(id, queueId), valid: true }));
}

export async function deleteQueueAction(queueId: number): Promise<ActionResult<null>> {
  return actionResult(async () => {
    await deleteQueue(getDb(), await requireAgent(), { id: parseInput(id, queueId) });
    return null;
  });
}
