"use server";

import { z } from "zod";
import { getDb } from "@/db/client";
import { actionResult, type ActionResult } from "@/server/api/action-result";
import { formCheckbox, formIds, formText } from "@/server/api/form-fields";
import { requireAgent } from "@/server/auth/require-agent";
import type { AdminAutoResponse } from "@/server/auto-responses/auto-response-settings";
import { createAutoResponse } from "@/server/auto-responses/create-auto-response";
import { deleteAutoResponse } from "@/server/auto-responses/delete-auto-response";
import { linkAutoResponse } from "@/server/auto-responses/link-auto-response";
import { updateAutoResponse } from "@/server/auto-responses/update-auto-response";
import { parseInput } from "@/server/validation";

const id = z.number().int().positive();

function responseFields(form: FormData) {
  return {
    name: formText(form, "name"),
    type: formText(form, "type") as "reply" | undefined,
    subject: formText(form, "subject"),
    body: formText(form, "body"),
    valid: formCheckbox(form, "valid"),
  };
}

export async function createAutoResponseAction(form: FormData): Promise<ActionResult<AdminAutoResponse>> {
  return actionResult(async () => {
    const { name, type, subject, body, valid } = responseFields(form);
    return createAutoResponse(getDb(), await requireAgent(), { name: name ?? "", type: type ?? ("" as "reply"), subject: subject ?? "", body: body ?? "", valid });
  });
}

export async function updateAutoResponseAction(responseId: number, form: FormData): Promise<ActionResult<AdminAutoResponse>> {
  return actionResult(async () => updateAutoResponse(getDb(), await requireAgent(), { ...responseFields(form), id: parseInput(id, responseId) }));
}

export async function linkAutoResponseAction(responseId: number, form: FormData): Promise<ActionResult<AdminAutoResponse>> {
  return actionResult(async () => linkAutoResponse(getDb(), await requireAgent(), { id: parseInput(id, responseId), queues: formIds(form, "queues") }));
}

export async function deleteAutoResponseAction(responseId: number): Promise<ActionResult<null>> {
  return actionResult(async () => {
    await deleteAutoResponse(getDb(), await requireAgent(), { id: parseInput(id, responseId) });
    return null;
  });
}
