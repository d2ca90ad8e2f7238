import type { Db } from "../../db/client";
import { NotFoundError } from "../errors";
import { selectAdminAutoResponses, type AdminAutoResponse } from "./auto-response-settings";

export async function findAutoResponse(db: Db, id: number): Promise<AdminAutoResponse> {
  const [response] = await selectAdminAutoResponses(db, [id]);
  if (!response) throw new NotFoundError(`auto response ${id}`);
  return response;
}
