import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "../../db/client";
import { agentGroups } from "../../db/schema";
import { findGroupByName } from "../groups/find-group";
import { parseInput } from "../validation";
import { findAgentByLogin } from "./find-agent";
import { grantPermissionInput } from "./grant-permission";
import { notifyAgentChanged } from "./notify-agent-changed";

/** Takes one permission type on a group away; the agent's open sockets leave its queues at once. */
export async function revokePermission(db: Db, rawInput: z.input<typeof grantPermissionInput>): Promise<{ revoked: boolean }> {
  const input = parseInput(grantPermissionInput, rawInput);
  return db.transaction(async (tx) => {
    const agent = await findAgentByLogin(tx, input.login);
    const group = await findGroupByName(tx, input.group);
    const deleted = await tx
      .delete(agentGroups)
      .where(and(eq(agentGroups.agentId, agent.id), eq(agentGroups.groupId, group.id), eq(agentGroups.permission, input.permission)))
      .returning({ agentId: agentGroups.agentId });
    if (deleted.length > 0) await notifyAgentChanged(tx, agent.id);
    return { revoked: deleted.length > 0 };
  });
}
