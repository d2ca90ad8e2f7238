import type { Db } from "../../db/client";
import { selectAdminAutoResponses, type AdminAutoResponse } from "./auto-response-settings";

/** Every auto response, valid or not, with the queues that send it. */
export async function listAutoResponses(db: Db): Promise<AdminAutoResponse[]> {
  return selectAdminAutoResponses(db);
}
