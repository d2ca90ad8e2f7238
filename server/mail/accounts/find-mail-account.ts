import { eq, getTableColumns } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { mailAccounts } from "../../../db/schema";
import { NotFoundError } from "../../errors";
import type { ListedMailAccount } from "./list-mail-accounts";

const { password: _password, ...shown } = getTableColumns(mailAccounts);

/** One mail account for its admin page; never the password. */
export async function findMailAccount(db: Db, id: number): Promise<ListedMailAccount> {
  const [account] = await db.select(shown).from(mailAccounts).where(eq(mailAccounts.id, id));
  if (!account) throw new NotFoundError(`mail account ${id}`);
  return account;
}
