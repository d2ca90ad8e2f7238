import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { agentGroups, agents, groups } from "../../db/schema";
import { assertAdmin } from "../audit/admin-transaction";
import { recordAudit } from "../audit/record-audit";
import type { Actor } from "../auth/actor";
import { PERMISSIONS, type Permission } from "../auth/permissions";
import { NotFoundError } from "../errors";
import { parseInput } from "../validation";
import { notifyAgentChanged } from "./notify-agent-changed";

/** A group by id or by name, and the permission types the agent is to hold on it (none removes them all). */
export const groupPermissionsInput = z.object({
  group: z.union([z.number().int().positive(), z.string().trim().min(1, "required")]),
  permissions: z.array(z.enum(PERMISSIONS, { error: `one of ${PERMISSIONS.join(", ")}` })).max(PERMISSIONS.length),
});

export const setAgentPermissionsInput = groupPermissionsInput.extend({ agentId: z.number().int().positive() });
export type SetAgentPermissionsInput = z.input<typeof setAgentPermissionsInput>;

/** Canonical order, no duplicates: what is stored and audited. */
function normalise(permissions: readonly Permission[]): Permission[] {
  return PERMISSIONS.filter((permission) => permissions.includes(permission));
}

/**
 * Replaces an agent's permission types on one group in one go: the admin page's row of seven
 * checkboxes (per agent, or per member on a group's page). The open sockets of the agent are
 * re-roomed at once; an unchanged set writes nothing.
 */
export async function setAgentPermissions(db: Db, actor: Actor, rawInput: SetAgentPermissionsInput): Promise<{ changed: boolean; permissions: Permission[] }> {
  assertAdmin(actor);
  const input = parseInput(setAgentPermissionsInput, rawInput);
  const wanted = normalise(input.permissions);
  return db.transaction(async (tx) => {
    const [agent] = await tx.select({ id: agents.id }).from(agents).where(eq(agents.id, input.agentId)).for("update");
    if (!agent) throw new NotFoundError(`agent ${input.agentId}`);
    const [group] = await tx
      .select({ id: groups.id, name: groups.name })
      .from(groups)
      .where(typeof input.group === "number" ? eq(groups.id, input.group) : sql`lower(${groups.name}) = lower(${input.group})`);
    if (!group) throw new NotFoundError(`group ${input.group}`);
    const current = await tx
      .select({ permission: agentGroups.permission })
      .from(agentGroups)
      .where(and(eq(agentGroups.agentId, agent.id), eq(agentGroups.groupId, group.id)));
    const before = normalise(current.map((row) => row.permission));
    if (before.join() === wanted.join()) return { changed: false, permissions: wanted };
    await tx.delete(agentGroups).where(and(eq(agentGroups.agentId, agent.id), eq(agentGroups.groupId, group.id)));
    if (wanted.length > 0) await tx.insert(agentGroups).values(wanted.map((permission) => ({ agentId: agent.id, groupId: group.id, permission })));
    await recordAudit(tx, { actorId: actor.id, action: "agent.permissions", target: `agent:${agent.id}`, details: { group: group.name, groupId: group.id, before, after: wanted } });
    await notifyAgentChanged(tx, agent.id);
    return { changed: true, permissions: wanted };
  });
}
