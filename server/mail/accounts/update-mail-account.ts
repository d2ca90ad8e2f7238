import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../../db/client";
import { mailAccounts } from "../../../db/schema";
import { adminTransaction, type AdminActor } from "../../audit/admin-transaction";
import { recordAudit } from "../../audit/record-audit";
import { NotFoundError } from "../../errors";
import { parseInput } from "../../validation";
import { findMailAccount } from "./find-mail-account";
import type { ListedMailAccount } from "./list-mail-accounts";
import { mailAccountChanges, mailAccountUniqueViolation } from "./mail-account-settings";

export const updateMailAccountInput = mailAccountChanges.extend({ id: z.number().int().positive() });

/**
 * Changes a mailbox's settings; what is left out stays, the password too. A changed setting
 * clears the last poll's error, which said how the old settings failed.
 */
export async function updateMailAccount(db: Db, actor: AdminActor, rawInput: z.input<typeof updateMailAccountInput>): Promise<ListedMailAccount> {
  const { id, ...input } = parseInput(updateMailAccountInput, rawInput);
  await adminTransaction(db, actor, async (tx) => {
    let updated: { id: number }[];
    try {
      updated = await tx
        .update(mailAccounts)
        .set({ ...input, lastError: null })
        .where(eq(mailAccounts.id, id))
        .returning({ id: mailAccounts.id });
    } catch (error) {
      throw mailAccountUniqueViolation(error, input.name) ?? error;
    }
    if (updated.length === 0) throw new NotFoundError(`mail account ${id}`);
    const { password, ...settings } = input;
    await recordAudit(tx, { actorId: actor.id, action: "mail_account.update", target: `mail_account:${id}`, details: { ...settings, ...(password !== undefined && { password: "(changed)" }) } });
  });
  return findMailAccount(db, id);
}
