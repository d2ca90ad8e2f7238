import { asc, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { groups } from "../../db/schema";

/** The groups a queue may be put in, by name, for the queue forms. */
export async function listGroupChoices(db: Db): Promise<{ id: number; name: string; valid: boolean }[]> {
  return db
    .select({ id: groups.id, name: groups.name, valid: groups.valid })
    .from(groups)
    .orderBy(asc(sql`lower(${groups.name})`));
}
