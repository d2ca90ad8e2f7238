import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { isUniqueViolation } from "../../db/errors";
import { agentGroups, groups } from "../../db/schema";
import { notifyAgentChanged } from "../agents/notify-agent-changed";
import { assertAdmin } from "../audit/admin-transaction";
import { recordAudit } from "../audit/record-audit";
import type { Actor } from "../auth/actor";
import { AlreadyExistsError, NotFoundError } from "../errors";
import { parseInput } from "../validation";
import { addGroupInput } from "./add-group";

export const updateGroupInput = z.object({
  id: z.number().int().positive(),
  name: addGroupInput.shape.name.optional(),
  valid: z.boolean().optional(),
});

export interface UpdatedGroup {
  id: number;
  name: string;
  valid: boolean;
}

/**
 * An administrator renames a group or (in)validates it. An invalid group grants nothing: its
 * members' open sockets leave its queues at once, and come back when it is valid again.
 */
export async function updateGroup(db: Db, actor: Actor, rawInput: z.input<typeof updateGroupInput>): Promise<UpdatedGroup> {
  assertAdmin(actor);
  const input = parseInput(updateGroupInput, rawInput);
  try {
    return await db.transaction(async (tx) => {
      const [before] = await tx.select({ name: groups.name, valid: groups.valid }).from(groups).where(eq(groups.id, input.id)).for("update");
      if (!before) throw new NotFoundError(`group ${input.id}`);
      const changes = Object.fromEntries((["name", "valid"] as const).filter((key) => input[key] !== undefined && input[key] !== before[key]).map((key) => [key, input[key]]));
      if (Object.keys(changes).length === 0) return { id: input.id, ...before };
      const [group] = await tx.update(groups).set(changes).where(eq(groups.id, input.id)).returning({ id: groups.id, name: groups.name, valid: groups.valid });
      await recordAudit(tx, { actorId: actor.id, action: "group.update", target: `group:${input.id}`, details: changes });
      if (changes.valid !== undefined) {
        const members = await tx.selectDistinct({ agentId: agentGroups.agentId }).from(agentGroups).where(eq(agentGroups.groupId, input.id));
        for (const member of members) await notifyAgentChanged(tx, member.agentId);
      }
      return group!;
    });
  } catch (error) {
    if (isUniqueViolation(error, "groups_name_key")) throw new AlreadyExistsError("name", `group ${input.name} already exists`);
    throw error;
  }
}
