import { z } from "zod";
import type { Db } from "../../db/client";
import { recordAudit } from "../audit/record-audit";
import { parseInput } from "../validation";
import type { Actor } from "./actor";
import { createApiToken, type CreatedApiToken } from "./api-tokens";

export const issueApiTokenInput = z.object({ name: z.string().trim().min(1, "required").max(100, "at most 100 characters") });

/** An agent creates a personal API token for themselves, named; the token is returned once. Audited. */
export async function issueApiToken(db: Db, actor: Actor, rawInput: z.input<typeof issueApiTokenInput>): Promise<CreatedApiToken & { name: string }> {
  const input = parseInput(issueApiTokenInput, rawInput);
  return db.transaction(async (tx) => {
    const created = await createApiToken(tx, { login: actor.login, name: input.name });
    await recordAudit(tx, { actorId: actor.id, action: "token.create", target: `token:${created.id}`, details: { agentId: actor.id, name: input.name } });
    return { ...created, name: input.name };
  });
}
