import { desc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { apiTokens } from "../../db/schema";

export interface ApiTokenView {
  id: number;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** An agent's personal API tokens, newest first, revoked ones included; never the token itself. */
export async function listApiTokens(db: Db, agentId: number): Promise<ApiTokenView[]> {
  const rows = await db
    .select({ id: apiTokens.id, name: apiTokens.name, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .where(eq(apiTokens.agentId, agentId))
    .orderBy(desc(apiTokens.id));
  return rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString(), lastUsedAt: row.lastUsedAt?.toISOString() ?? null, revokedAt: row.revokedAt?.toISOString() ?? null }));
}
