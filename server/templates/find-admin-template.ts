import type { Db } from "../../db/client";
import { NotFoundError } from "../errors";
import { selectAdminTemplates, type AdminTemplate } from "./template-settings";

export async function findAdminTemplate(db: Db, id: number): Promise<AdminTemplate> {
  const [template] = await selectAdminTemplates(db, [id]);
  if (!template) throw new NotFoundError(`template ${id}`);
  return template;
}
