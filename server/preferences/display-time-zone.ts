import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { agents } from "../../db/schema";
import { readConfig } from "../config";

/** The zone an agent's pages show times in: their own choice, else HELPDESK_TIMEZONE. */
export async function displayTimeZone(db: Db, agentId: number): Promise<string> {
  const [row] = await db.select({ timezone: agents.timezone }).from(agents).where(eq(agents.id, agentId));
  return row?.timezone ?? readConfig().HELPDESK_TIMEZONE;
}
