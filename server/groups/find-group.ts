import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { groups } from "../../db/schema";
import { NotFoundError } from "../errors";

export async function findGroupByName(db: Db, name: string): Promise<{ id: number; name: string }> {
  const [group] = await db
    .select({ id: groups.id, name: groups.name })
    .from(groups)
    .where(sql`lower(${groups.name}) = lower(${name})`);
  if (!group) throw new NotFoundError(`group ${name}`);
  return group;
}
