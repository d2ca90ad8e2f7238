import { asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { agentGroups, agents, groups, queues } from "../../db/schema";
import { PERMISSIONS, type Permission } from "../auth/permissions";
import { NotFoundError } from "../errors";

export interface AdminGroup {
  id: number;
  name: string;
  valid: boolean;
  createdAt: string;
  queues: { id: number; name: string }[];
  /** Every agent holding any permission type on the group, by login. */
  members: { agent: { id: number; login: string; name: string; valid: boolean }; permissions: Permission[] }[];
}

/** One group as its admin page shows it: its queues and its members with their permission types. */
export async function getGroup(db: Db, id: number): Promise<AdminGroup> {
  const [group] = await db.select({ id: groups.id, name: groups.name, valid: groups.valid, createdAt: groups.createdAt }).from(groups).where(eq(groups.id, id));
  if (!group) throw new NotFoundError(`group ${id}`);
  const queueRows = await db.select({ id: queues.id, name: queues.name }).from(queues).where(eq(queues.groupId, id)).orderBy(asc(queues.name));
  const grants = await db
    .select({ id: agents.id, login: agents.login, name: agents.name, valid: agents.valid, permission: agentGroups.permission })
    .from(agentGroups)
    .innerJoin(agents, eq(agents.id, agentGroups.agentId))
    .where(eq(agentGroups.groupId, id))
    .orderBy(asc(agents.login));
  const members = new Map<number, AdminGroup["members"][number]>();
  for (const { permission, ...agent } of grants) {
    const member = members.get(agent.id) ?? { agent, permissions: [] };
    members.set(agent.id, member);
    member.permissions.push(permission);
  }
  return {
    ...group,
    createdAt: group.createdAt.toISOString(),
    queues: queueRows,
    members: [...members.values()].map((member) => ({ ...member, permissions: PERMISSIONS.filter((permission) => member.permissions.includes(permission)) })),
  };
}
