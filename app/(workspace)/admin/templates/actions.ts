"use server";

import { z } from "zod";
import { getDb } from "@/db/client";
import { actionResult, type ActionResult } from "@/server/api/action-result";
import { formCheckbox, formIds, formText } from "@/server/api/form-fields";
import { requireAgent } from "@/server/auth/require-agent";
import { createTemplate } from "@/server/templates/create-template";
import { deleteTemplate } from "@/server/templates/delete-template";
import { previewTemplate, type TemplatePreview } from "@/server/templates/preview-template";
import type { AdminTemplate } from "@/server/templates/template-settings";
import { updateTemplate } from "@/server/templates/update-template";
import { parseInput } from "@/server/validation";

const id = z.number().int().positive();

function templateFields(form: FormData) {
  return {
    name: formText(form, "name"),
    kind: formText(form, "kind") as "answer" | undefined,
    body: formText(form, "body"),
    valid: formCheckbox(form, "valid"),
    queues: form.has("queues:present") ? formIds(form, "queues") : undefined,
  };
}

export async function createTemplateAction(form: FormData): Promise<ActionResult<AdminTemplate>> {
  return actionResult(async () => {
    const { name, body, ...rest } = templateFields(form);
    return createTemplate(getDb(), await requireAgent(), { ...rest, name: name ?? "", body: body ?? "" });
  });
}

export async function updateTemplateAction(templateId: number, form: FormData): Promise<ActionResult<AdminTemplate>> {
  return actionResult(async () => updateTemplate(getDb(), await requireAgent(), { ...templateFields(form), id: parseInput(id, templateId) }));
}

export async function deleteTemplateAction(templateId: number): Promise<ActionResult<null>> {
  return actionResult(async () => {
    await deleteTemplate(getDb(), await requireAgent(), { id: parseInput(id, templateId) });
    return null;
  });
}

/** A template or auto response text, unsaved, rendered for a real ticket. */
export async function previewTemplateAction(request: { ticket: string; body: string; subject?: string; as: "agent" | "queue" }): Promise<ActionResult<TemplatePreview>> {
  return actionResult(async () => previewTemplate(getDb(), await requireAgent(), request));
}
