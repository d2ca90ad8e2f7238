import { asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { agents } from "../../db/schema";

export interface AgentName {
  login: string;
  name: string;
}

/** The valid agents by name, for choosing one (an owner filter, an assignment). Agents are not secret between agents. */
export async function listAgentNames(db: Db): Promise<AgentName[]> {
  return db
    .select({ login: agents.login, name: agents.name })
    .from(agents)
    .where(eq(agents.valid, true))
    .orderBy(asc(sql`lower(${agents.name})`), asc(agents.login));
}
