import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { agents } from "../../db/schema";
import { NotFoundError } from "../errors";

export async function findAgentByLogin(db: Db, login: string): Promise<{ id: number; login: string; name: string; valid: boolean; isAdmin: boolean }> {
  const [agent] = await db
    .select({ id: agents.id, login: agents.login, name: agents.name, valid: agents.valid, isAdmin: agents.isAdmin })
    .from(agents)
    .where(sql`lower(${agents.login}) = lower(${login})`);
  if (!agent) throw new NotFoundError(`agent ${login}`);
  return agent;
}
