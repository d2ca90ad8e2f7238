import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { agents } from "../../db/schema";
import { assertAdmin } from "../audit/admin-transaction";
import { recordAudit } from "../audit/record-audit";
import type { Actor } from "../auth/actor";
import { ForbiddenError, NotFoundError } from "../errors";
import { parseInput } from "../validation";
import { addAgentInput } from "./add-agent";
import { notifyAgentChanged } from "./notify-agent-changed";
import { groupPermissionsInput, setAgentPermissions } from "./set-agent-permissions";

export const updateAgentInput = z.object({
  id: z.number().int().positive(),
  name: addAgentInput.shape.name.optional(),
  email: addAgentInput.shape.email.optional(),
  isAdmin: z.boolean().optional(),
  valid: z.boolean().optional(),
  /** Replaces the agent's permission types on each group named (the API's one-call edit). */
  permissions: z.array(groupPermissionsInput).max(500).optional(),
});
export type UpdateAgentInput = z.input<typeof updateAgentInput>;

export interface UpdatedAgent {
  id: number;
  login: string;
  name: string;
  email: string;
  isAdmin: boolean;
  valid: boolean;
}

/**
 * An administrator edits an agent. Invalidating raises session_version, so every session and
 * socket of the agent ends at once; re-validating lets them sign in again. Administrators cannot
 * invalidate themselves or take their own admin flag, so a helpdesk never loses its last admin
 * by accident. Every change is audited and the sidecars told.
 */
export async function updateAgent(db: Db, actor: Actor, rawInput: UpdateAgentInput): Promise<UpdatedAgent> {
  assertAdmin(actor);
  const input = parseInput(updateAgentInput, rawInput);
  if (input.id === actor.id && input.valid === false) throw new ForbiddenError("you cannot invalidate yourself");
  if (input.id === actor.id && input.isAdmin === false) throw new ForbiddenError("you cannot take your own administrator rights");
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ name: agents.name, email: agents.email, isAdmin: agents.isAdmin, valid: agents.valid })
      .from(agents)
      .where(eq(agents.id, input.id))
      .for("update");
    if (!before) throw new NotFoundError(`agent ${input.id}`);
    const changes = Object.fromEntries(
      (["name", "email", "isAdmin", "valid"] as const).filter((key) => input[key] !== undefined && input[key] !== before[key]).map((key) => [key, input[key]]),
    );
    const disabling = changes.valid === false;
    const [agent] = await tx
      .update(agents)
      .set({ ...changes, updatedAt: sql`now()`, ...(disabling ? { sessionVersion: sql`${agents.sessionVersion} + 1` } : {}) })
      .where(eq(agents.id, input.id))
      .returning({ id: agents.id, login: agents.login, name: agents.name, email: agents.email, isAdmin: agents.isAdmin, valid: agents.valid });
    if (Object.keys(changes).length > 0) {
      await recordAudit(tx, { actorId: actor.id, action: "agent.update", target: `agent:${input.id}`, details: changes });
      await notifyAgentChanged(tx, input.id);
    }
    for (const grant of input.permissions ?? []) await setAgentPermissions(tx, actor, { agentId: input.id, ...grant });
    return agent!;
  });
}
