import { asc, getTableColumns } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { mailAccounts } from "../../../db/schema";

const { password: _password, ...listed } = getTableColumns(mailAccounts);

export type ListedMailAccount = Omit<typeof mailAccounts.$inferSelect, "password">;

/** Every mail account, by name, with how its last poll went; never the password, which is only for logging in. */
export async function listMailAccounts(db: Db): Promise<ListedMailAccount[]> {
  return db.select(listed).from(mailAccounts).orderBy(asc(mailAccounts.name));
}
