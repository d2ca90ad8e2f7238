import { asc, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { groups } from "../../db/schema";

export interface AdminGroupSummary {
  id: number;
  name: string;
  valid: boolean;
  createdAt: string;
  /** Agents holding any permission type on the group. */
  memberCount: number;
  queues: { id: number; name: string }[];
}

/** Every group, valid or not, by name, with how many agents hold it and the queues in it. */
export async function listGroups(db: Db): Promise<AdminGroupSummary[]> {
  const rows = await db
    .select({
      id: groups.id,
      name: groups.name,
      valid: groups.valid,
      createdAt: groups.createdAt,
      // Spelt out with aliases: drizzle leaves columns unqualified in a single-table select.
      memberCount: sql<number>`(select count(distinct ag.agent_id)::int from agent_groups ag where ag.group_id = "groups"."id")`,
      queues: sql<{ id: number; name: string }[]>`coalesce((select json_agg(json_build_object('id', q.id, 'name', q.name) order by q.name) from queues q where q.group_id = "groups"."id"), '[]'::json)`,
    })
    .from(groups)
    .orderBy(asc(groups.name));
  return rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }));
}
