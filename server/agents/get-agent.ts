import type { Db } from "../../db/client";
import { NotFoundError } from "../errors";
import { agentById, loadAgentViews, type AdminAgent } from "./agent-view";

/** One agent as the admin pages show it. */
export async function getAgent(db: Db, id: number): Promise<AdminAgent> {
  const [agent] = await loadAgentViews(db, agentById(id));
  if (!agent) throw new NotFoundError(`agent ${id}`);
  return agent;
}
