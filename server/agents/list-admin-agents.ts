import type { Db } from "../../db/client";
import { loadAgentViews, type AdminAgent } from "./agent-view";

/** Every agent, valid or not, by login, with their permissions per group: the admin list and API. */
export function listAdminAgents(db: Db): Promise<AdminAgent[]> {
  return loadAgentViews(db);
}
