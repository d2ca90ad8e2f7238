import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../../db/client";
import { mailAccounts } from "../../../db/schema";
import { adminTransaction, type AdminActor } from "../../audit/admin-transaction";
import { recordAudit } from "../../audit/record-audit";
import { NotFoundError } from "../../errors";
import { parseInput } from "../../validation";

export const deleteMailAccountInput = z.object({ id: z.number().int().positive() });

/** Stops polling a mailbox for good; the messages already fetched stay. */
export async function deleteMailAccount(db: Db, actor: AdminActor, rawInput: z.input<typeof deleteMailAccountInput>): Promise<void> {
  const { id } = parseInput(deleteMailAccountInput, rawInput);
  await adminTransaction(db, actor, async (tx) => {
    const [deleted] = await tx.delete(mailAccounts).where(eq(mailAccounts.id, id)).returning({ name: mailAccounts.name });
    if (!deleted) throw new NotFoundError(`mail account ${id}`);
    await recordAudit(tx, { actorId: actor.id, action: "mail_account.delete", target: `mail_account:${id}`, details: { name: deleted.name } });
  });
}
