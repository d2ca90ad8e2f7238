import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { agents } from "../../db/schema";
import { assertAdmin } from "../audit/admin-transaction";
import { recordAudit } from "../audit/record-audit";
import type { Actor } from "../auth/actor";
import { generatePassword, hashPassword } from "../auth/password";
import { NotFoundError } from "../errors";
import { parseInput } from "../validation";
import { addAgentInput } from "./add-agent";
import { notifyAgentChanged } from "./notify-agent-changed";

export const resetAgentPasswordInput = z.object({
  id: z.number().int().positive(),
  /** Omitted: a password is generated and returned once. */
  password: addAgentInput.shape.password,
});

export interface ResetPassword {
  /** Set when none was given: to be shown to the administrator once. */
  generatedPassword: string | null;
  sessionVersion: number;
}

/**
 * An administrator sets an agent's password, or has one generated. Raises session_version:
 * whoever was signed in with the old password is signed out and disconnected at once.
 */
export async function resetAgentPassword(db: Db, actor: Actor, rawInput: z.input<typeof resetAgentPasswordInput>): Promise<ResetPassword> {
  assertAdmin(actor);
  const input = parseInput(resetAgentPasswordInput, rawInput);
  const generatedPassword = input.password ? null : generatePassword();
  const passwordHash = await hashPassword(input.password ?? generatedPassword!);
  return db.transaction(async (tx) => {
    const [agent] = await tx
      .update(agents)
      .set({ passwordHash, sessionVersion: sql`${agents.sessionVersion} + 1`, updatedAt: sql`now()` })
      .where(eq(agents.id, input.id))
      .returning({ sessionVersion: agents.sessionVersion });
    if (!agent) throw new NotFoundError(`agent ${input.id}`);
    await recordAudit(tx, { actorId: actor.id, action: "agent.password_reset", target: `agent:${input.id}`, details: { generated: generatedPassword !== null } });
    await notifyAgentChanged(tx, input.id);
    return { generatedPassword, sessionVersion: agent.sessionVersion };
  });
}
