"use server";

import { z } from "zod";
import { getDb } from "@/db/client";
import { actionResult, type ActionResult } from "@/server/api/action-result";
import { requireAgent } from "@/server/auth/require-agent";
import { createGroup } from "@/server/groups/create-group";
import { updateGroup, type UpdatedGroup } from "@/server/groups/update-group";
import { parseInput } from "@/server/validation";

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
};
const id = z.number().int().positive();

export async function createGroupAction(form: FormData): Promise<ActionResult<{ id: number; name: string }>> {
  return actionResult(async () => createGroup(getDb(), await requireAgent(), { name: text(form, "name") }));
}

export async function updateGroupAction(groupId: number, form: FormData): Promise<ActionResult<UpdatedGroup>> {
  return actionResult(async () => updateGroup(getDb(), await requireAgent(), { id: parseInput(id, groupId), name: text(form, "name"), valid: form.get("valid") === "on" }));
}
