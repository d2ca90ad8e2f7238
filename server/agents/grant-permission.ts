import { z } from "zod";
import type { Db } from "../../db/client";
import { agentGroups } from "../../db/schema";
import { PERMISSIONS } from "../auth/permissions";
import { findGroupByName } from "../groups/find-group";
import { parseInput } from "../validation";
import { findAgentByLogin } from "./find-agent";
import { notifyAgentChanged } from "./notify-agent-changed";

export const grantPermissionInput = z.object({
  login: z.string().trim().min(1, "required"),
  group: z.string().trim().min(1, "required"),
  permission: z.enum(PERMISSIONS, { error: `one of ${PERMISSIONS.join(", ")}` }),
});

/** Grants one permission type on a group; granting what the agent already has changes nothing. */
export async function grantPermission(db: Db, rawInput: z.input<typeof grantPermissionInput>): Promise<{ granted: boolean }> {
  const input = parseInput(grantPermissionInput, rawInput);
  return db.transaction(async (tx) => {
    const agent = await findAgentByLogin(tx, input.login);
    const group = await findGroupByName(tx, input.group);
    const inserted = await tx
      .insert(agentGroups)
      .values({ agentId: agent.id, groupId: group.id, permission: input.permission })
      .onConflictDoNothing()
      .returning({ agentId: agentGroups.agentId });
    if (inserted.length > 0) await notifyAgentChanged(tx, agent.id);
    return { granted: inserted.length > 0 };
  });
}
