import { and, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { agents, apiTokens } from "../../db/schema";
import { notifyAgentChanged } from "../agents/notify-agent-changed";
import { recordAudit } from "../audit/record-audit";
import { NotFoundError } from "../errors";
import { parseInput } from "../validation";
import type { Actor } from "./actor";

export const revokeApiTokenInput = z.object({ id: z.number().int().positive() });

export interface RevokedApiToken {
  agentId: number;
  /** The agent's session_version after the revocation. */
  sessionVersion: number;
}

/**
 * Revokes a token: its owner's own, or any as an administrator (to anyone else it does not
 * exist). The token is refused from the next request on, and — as DESIGN.md has it — the
 * owner's session_version is raised, so every socket the token opened is disconnected at once
 * (with the owner's other sessions; the caller may carry its own over, see `keepSession`).
 */
export async function revokeApiToken(db: Db, actor: Actor, rawInput: z.input<typeof revokeApiTokenInput>): Promise<RevokedApiToken> {
  const input = parseInput(revokeApiTokenInput, rawInput);
  return db.transaction(async (tx) => {
    const [token] = await tx
      .select({ agentId: apiTokens.agentId, name: apiTokens.name, revokedAt: apiTokens.revokedAt })
      .from(apiTokens)
      .where(and(eq(apiTokens.id, input.id), actor.isAdmin ? undefined : eq(apiTokens.agentId, actor.id)))
      .for("update");
    if (!token) throw new NotFoundError(`token ${input.id}`);
    const revoked = await tx.update(apiTokens).set({ revokedAt: sql`now()` }).where(and(eq(apiTokens.id, input.id), isNull(apiTokens.revokedAt))).returning({ id: apiTokens.id });
    if (revoked.length === 0) {
      const [owner] = await tx.select({ sessionVersion: agents.sessionVersion }).from(agents).where(eq(agents.id, token.agentId));
      return { agentId: token.agentId, sessionVersion: owner!.sessionVersion };
    }
    const [owner] = await tx
      .update(agents)
      .set({ sessionVersion: sql`${agents.sessionVersion} + 1` })
      .where(eq(agents.id, token.agentId))
      .returning({ sessionVersion: agents.sessionVersion });
    await recordAudit(tx, { actorId: actor.id, action: "token.revoke", target: `token:${input.id}`, details: { agentId: token.agentId, name: token.name } });
    await notifyAgentChanged(tx, token.agentId);
    return { agentId: token.agentId, sessionVersion: owner!.sessionVersion };
  });
}
