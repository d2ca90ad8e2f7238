import type { Db } from "../../../db/client";
import { selectFilters, type AdminFilter } from "./filter-settings";

/** The postmaster filters, valid or not, in the order they run. */
export async function listFilters(db: Db): Promise<AdminFilter[]> {
  return selectFilters(db);
}
