import type { Db } from "../../db/client";
import { selectAdminTemplates, type AdminTemplate } from "./template-settings";

/** Every response template, valid or not, with the queues that offer it, by name. */
export async function listAdminTemplates(db: Db): Promise<AdminTemplate[]> {
  return selectAdminTemplates(db);
}
