import type { z } from "zod";
import type { Db } from "../../db/client";
import { assertAdmin } from "../audit/admin-transaction";
import { recordAudit } from "../audit/record-audit";
import type { Actor } from "../auth/actor";
import { addAgent, addAgentInput, type AddedAgent } from "./add-agent";
import { parseInput } from "../validation";

export const createAgentInput = addAgentInput;
export type CreateAgentInput = z.input<typeof createAgentInput>;

/**
 * An administrator creates an agent (the admin page and API; the CLI uses `addAgent`). Without a
 * password one is generated and returned once. Audited in the same transaction.
 */
export async function createAgent(db: Db, actor: Actor, rawInput: CreateAgentInput): Promise<AddedAgent> {
  assertAdmin(actor);
  const input = parseInput(createAgentInput, rawInput);
  return db.transaction(async (tx) => {
    const added = await addAgent(tx, input);
    await recordAudit(tx, {
      actorId: actor.id,
      action: "agent.create",
      target: `agent:${added.id}`,
      details: { login: added.login, name: input.name, email: input.email, isAdmin: input.isAdmin, passwordGenerated: added.generatedPassword !== null },
    });
    return added;
  });
}
