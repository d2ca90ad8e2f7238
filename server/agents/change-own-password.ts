import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { agents } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import { hashPassword, verifyPassword } from "../auth/password";
import { InvalidInputError, NotFoundError } from "../errors";
import { parseInput } from "../validation";
import { addAgentInput } from "./add-agent";
import { notifyAgentChanged } from "./notify-agent-changed";

export const changeOwnPasswordInput = z.object({
  agentId: z.number().int().positive(),
  currentPassword: z.string().min(1, "required").max(1024),
  newPassword: addAgentInput.shape.password.unwrap(),
});

/**
 * An agent changes their own password: the current one must be right, the new one long enough
 * and not the current one. Raises session_version, so every other session and socket of the
 * agent ends; the caller may carry its own session over (see `keepSession`).
 */
export async function changeOwnPassword(db: Db, rawInput: z.input<typeof changeOwnPasswordInput>): Promise<{ sessionVersion: number }> {
  const input = parseInput(changeOwnPasswordInput, rawInput);
  return db.transaction(async (tx) => {
    const [agent] = await tx.select({ passwordHash: agents.passwordHash }).from(agents).where(eq(agents.id, input.agentId)).for("update");
    if (!agent) throw new NotFoundError(`agent ${input.agentId}`);
    if (!(await verifyPassword(agent.passwordHash, input.currentPassword))) throw new InvalidInputError("currentPassword", "not your current password");
    if (await verifyPassword(agent.passwordHash, input.newPassword)) throw new InvalidInputError("newPassword", "must differ from the current password");
    const [updated] = await tx
      .update(agents)
      .set({ passwordHash: await hashPassword(input.newPassword), sessionVersion: sql`${agents.sessionVersion} + 1`, updatedAt: sql`now()` })
      .where(eq(agents.id, input.agentId))
      .returning({ sessionVersion: agents.sessionVersion });
    await recordAudit(tx, { actorId: input.agentId, action: "agent.password_change", target: `agent:${input.agentId}` });
    await notifyAgentChanged(tx, input.agentId);
    return { sessionVersion: updated!.sessionVersion };
  });
}
