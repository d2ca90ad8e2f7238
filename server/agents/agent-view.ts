import { asc, eq, inArray, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { agentGroups, agents, groups } from "../../db/schema";
import { PERMISSIONS, type Permission } from "../auth/permissions";

/** An agent as the admin pages and the admin API show it: never the password hash. */
export interface AdminAgent {
  id: number;
  login: string;
  name: string;
  email: string;
  isAdmin: boolean;
  valid: boolean;
  timezone: string | null;
  createdAt: string;
  /** The groups the agent holds anything on, with the permission types, in canonical order. */
  permissions: { group: { id: number; name: string }; permissions: Permission[] }[];
}

/** The agents matching `where` (all when omitted), by login, with their permissions. */
export async function loadAgentViews(db: Db, where?: SQL): Promise<AdminAgent[]> {
  const rows = await db
    .select({ id: agents.id, login: agents.login, name: agents.name, email: agents.email, isAdmin: agents.isAdmin, valid: agents.valid, timezone: agents.timezone, createdAt: agents.createdAt })
    .from(agents)
    .where(where)
    .orderBy(asc(agents.login));
  if (rows.length === 0) return [];
  const grants = await db
    .select({ agentId: agentGroups.agentId, groupId: groups.id, group: groups.name, permission: agentGroups.permission })
    .from(agentGroups)
    .innerJoin(groups, eq(groups.id, agentGroups.groupId))
    .where(inArray(agentGroups.agentId, rows.map((row) => row.id)))
    .orderBy(asc(groups.name));
  const byAgent = new Map<number, Map<number, { group: { id: number; name: string }; permissions: Permission[] }>>();
  for (const grant of grants) {
    const agentGrants = byAgent.get(grant.agentId) ?? new Map();
    byAgent.set(grant.agentId, agentGrants);
    const entry = agentGrants.get(grant.groupId) ?? { group: { id: grant.groupId, name: grant.group }, permissions: [] };
    agentGrants.set(grant.groupId, entry);
    entry.permissions.push(grant.permission);
  }
  return rows.map((row) => ({
    ...row,
    createdAt: row.createdAt.toISOString(),
    permissions: [...(byAgent.get(row.id)?.values() ?? [])].map((entry) => ({ group: entry.group, permissions: PERMISSIONS.filter((permission) => entry.permissions.includes(permission)) })),
  }));
}

export const agentById = (id: number) => eq(agents.id, id);
