import type { z } from "zod";
import type { Db } from "../../../db/client";
import { adminTransaction, type AdminActor } from "../../audit/admin-transaction";
import { recordAudit } from "../../audit/record-audit";
import { parseInput } from "../../validation";
import { addMailAccount, addMailAccountInput } from "./add-mail-account";
import { findMailAccount } from "./find-mail-account";
import type { ListedMailAccount } from "./list-mail-accounts";

/** An administrator adds an IMAP mailbox to poll; the audit log records its settings, never the password. */
export async function createMailAccount(db: Db, actor: AdminActor, rawInput: z.input<typeof addMailAccountInput>): Promise<ListedMailAccount> {
  const input = parseInput(addMailAccountInput, rawInput);
  const id = await adminTransaction(db, actor, async (tx) => {
    const { id } = await addMailAccount(tx, input);
    const { password: _password, ...settings } = input;
    await recordAudit(tx, { actorId: actor.id, action: "mail_account.create", target: `mail_account:${id}`, details: settings });
    return id;
  });
  return findMailAccount(db, id);
}
