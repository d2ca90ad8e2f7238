import type { Db } from "../../../db/client";
import { NotFoundError } from "../../errors";
import { selectFilters, type AdminFilter } from "./filter-settings";

export async function findFilter(db: Db, id: number): Promise<AdminFilter> {
  const filter = (await selectFilters(db)).find((row) => row.id === id);
  if (!filter) throw new NotFoundError(`postmaster filter ${id}`);
  return filter;
}
