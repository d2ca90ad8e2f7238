"use server";

import { z } from "zod";
import { getDb } from "@/db/client";
import type { AddedAgent } from "@/server/agents/add-agent";
import { createAgent } from "@/server/agents/create-agent";
import { resetAgentPassword } from "@/server/agents/reset-agent-password";
import { setAgentPermissions } from "@/server/agents/set-agent-permissions";
import { updateAgent, type UpdatedAgent } from "@/server/agents/update-agent";
import { actionResult, type ActionResult } from "@/server/api/action-result";
import type { Permission } from "@/server/auth/permissions";
import { requireAgent } from "@/server/auth/require-agent";
import { parseInput } from "@/server/validation";

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
};
const checked = (form: FormData, name: string) => form.get(name) === "on";
const optionalPassword = (form: FormData) => (text(form, "password") === "" ? undefined : text(form, "password"));
const id = z.number().int().positive();

// Every action checks its caller again: the domain refuses non-administrators (403 `forbidden`).

export async function createAgentAction(form: FormData): Promise<ActionResult<AddedAgent>> {
  return actionResult(async () =>
    createAgent(getDb(), await requireAgent(), { login: text(form, "login"), name: text(form, "name"), email: text(form, "email"), password: optionalPassword(form), isAdmin: checked(form, "isAdmin") }),
  );
}

export async function updateAgentAction(agentId: number, form: FormData): Promise<ActionResult<UpdatedAgent>> {
  return actionResult(async () =>
    updateAgent(getDb(), await requireAgent(), { id: parseInput(id, agentId), name: text(form, "name"), email: text(form, "email"), isAdmin: checked(form, "isAdmin"), valid: checked(form, "valid") }),
  );
}

export async function resetPasswordAction(agentId: number, form: FormData): Promise<ActionResult<{ generatedPassword: string | null }>> {
  return actionResult(async () => {
    const { generatedPassword } = await resetAgentPassword(getDb(), await requireAgent(), { id: parseInput(id, agentId), password: optionalPassword(form) });
    return { generatedPassword };
  });
}

/** The seven checkboxes of one agent on one group, saved together (the agent's page and the group's page). */
export async function setPermissionsAction(agentId: number, groupId: number, permissions: Permission[]): Promise<ActionResult<{ changed: boolean; permissions: Permission[] }>> {
  return actionResult(async () => setAgentPermissions(getDb(), await requireAgent(), { agentId, group: groupId, permissions }));
}
