import { and, eq, inArray, or, sql, type Placeholder, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { agentGroups, groups, queues } from "../../db/schema";
import type { Actor } from "./actor";
import { effectivePermissions, type Permission, type PermissionSet } from "./permissions";

/** The actor's permissions on every queue where they hold any, by queue id. */
export async function loadQueuePermissions(db: Db, actor: Pick<Actor, "id" | "isAdmin">): Promise<Map<number, PermissionSet>> {
  if (actor.isAdmin) {
    const rows = await db.select({ id: queues.id }).from(queues);
    return new Map(rows.map((row) => [row.id, effectivePermissions([], true)]));
  }
  const rows = await db
    .select({ queueId: queues.id, permission: agentGroups.permission })
    .from(queues)
    .innerJoin(groups, and(eq(groups.id, queues.groupId), eq(groups.valid, true)))
    .innerJoin(agentGroups, and(eq(agentGroups.groupId, queues.groupId), eq(agentGroups.agentId, actor.id)));
  const granted = new Map<number, Permission[]>();
  for (const row of rows) granted.set(row.queueId, [...(granted.get(row.queueId) ?? []), row.permission]);
  return new Map([...granted].map(([queueId, permissions]) => [queueId, effectivePermissions(permissions)]));
}

export async function loadPermissionsOnQueue(db: Db, actor: Pick<Actor, "id" | "isAdmin">, queueId: number): Promise<PermissionSet> {
  if (actor.isAdmin) return effectivePermissions([], true);
  const rows = await db
    .select({ permission: agentGroups.permission })
    .from(queues)
    .innerJoin(groups, and(eq(groups.id, queues.groupId), eq(groups.valid, true)))
    .innerJoin(agentGroups, and(eq(agentGroups.groupId, queues.groupId), eq(agentGroups.agentId, actor.id)))
    .where(eq(queues.id, queueId));
  return effectivePermissions(rows.map((row) => row.permission));
}

/** A condition on `queues` true for the queues the actor may read (`ro`, or `rw` which implies it). */
export function readableQueueCondition(actor: Pick<Actor, "id" | "isAdmin">): SQL {
  if (actor.isAdmin) return sql`true`;
  const grantingGroups = sql`(select ${agentGroups.groupId} from ${agentGroups}
    inner join ${groups} on ${groups.id} = ${agentGroups.groupId} and ${groups.valid}
    where ${agentGroups.agentId} = ${actor.id} and ${or(eq(agentGroups.permission, "ro"), eq(agentGroups.permission, "rw"))})`;
  return inArray(queues.groupId, grantingGroups);
}

/**
 * The permissions the agent was granted on the queue of the ticket being selected, as a
 * column of that select: one round trip for the ticket and the right to touch it. Feed the
 * result to `effectivePermissions(granted, actor.isAdmin)`. The agent's id may be a
 * placeholder of a prepared or prebuilt query.
 */
export function grantedOnTicketQueueTo(agentId: number | Placeholder): SQL<Permission[]> {
  // Spelt out with aliases: drizzle leaves columns unqualified in a single-table select.
  return sql<Permission[]>`array(select ag.permission::text from agent_groups ag
    join queues q on q.group_id = ag.group_id
    join groups g on g.id = q.group_id and g.valid
    where q.id = "tickets"."queue_id" and ag.agent_id = ${agentId})`;
}
