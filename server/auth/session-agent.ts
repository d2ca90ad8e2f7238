import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { agents, endedSessions } from "../../db/schema";
import type { Actor } from "./actor";
import { verifyPassword } from "./password";

/** What a session needs to know of its agent, read fresh on every request. */
export interface SessionAgent extends Actor {
  email: string;
  valid: boolean;
  sessionVersion: number;
}

const columns = {
  id: agents.id,
  login: agents.login,
  name: agents.name,
  email: agents.email,
  isAdmin: agents.isAdmin,
  valid: agents.valid,
  sessionVersion: agents.sessionVersion,
};

/** The agent a login and password sign in, or null; invalid agents never sign in. */
export async function verifyCredentials(db: Db, login: string, password: string): Promise<SessionAgent | null> {
  const [row] = await db
    .select({ ...columns, passwordHash: agents.passwordHash })
    .from(agents)
    .where(sql`lower(${agents.login}) = lower(${login})`);
  const matches = await verifyPassword(row?.passwordHash ?? null, password);
  if (!row || !matches || !row.valid) return null;
  const { passwordHash: _hash, ...agent } = row;
  return agent;
}

/**
 * The agent behind a session that was issued at `sessionVersion`, or null when the agent is
 * gone, disabled, has had their sessions ended since (the version was raised), or signed this
 * session out (`sessionId`).
 */
export async function findSessionAgent(db: Db, agentId: number, sessionVersion: number, sessionId?: string): Promise<SessionAgent | null> {
  const ended = sessionId ? sql<boolean>`exists (select 1 from ${endedSessions} where ${endedSessions.sessionId} = ${sessionId})` : sql<boolean>`false`;
  const [row] = await db
    .select({ ...columns, ended })
    .from(agents)
    .where(eq(agents.id, agentId));
  if (!row || !row.valid || row.sessionVersion !== sessionVersion || row.ended) return null;
  const { ended: _ended, ...agent } = row;
  return agent;
}
