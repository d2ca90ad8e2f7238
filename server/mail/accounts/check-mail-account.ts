import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../../db/client";
import { mailAccounts } from "../../../db/schema";
import { assertAdmin, type AdminActor } from "../../audit/admin-transaction";
import { InvalidInputError, NotFoundError } from "../../errors";
import { parseInput } from "../../validation";
import { testMailAccount, type MailAccountCheck } from "../inbound/imap-poller";
import type { ImapTimeouts } from "../inbound/imap-connection";
import { mailAccountChanges } from "./mail-account-settings";

export const checkMailAccountInput = mailAccountChanges.extend({
  /** A stored account, whose settings fill in what is not given (the password above all). */
  id: z.number().int().positive().optional(),
});

/**
 * "Test connection": logs in and opens the folder, touching nothing. Tests the settings as the
 * form holds them, unsaved, over a stored account's (so an empty password field means the
 * stored one); without `id`, the settings given must be complete. Changes nothing, so no audit.
 */
export async function checkMailAccount(db: Db, actor: AdminActor, rawInput: z.input<typeof checkMailAccountInput>, options: { timeouts?: ImapTimeouts } = {}): Promise<MailAccountCheck> {
  assertAdmin(actor);
  const { id, ...given } = parseInput(checkMailAccountInput, rawInput);
  const [stored] = id === undefined ? [] : await db.select().from(mailAccounts).where(eq(mailAccounts.id, id));
  if (id !== undefined && !stored) throw new NotFoundError(`mail account ${id}`);
  const tls = given.tls ?? stored?.tls ?? true;
  const account = {
    host: given.host ?? stored?.host,
    port: given.port ?? stored?.port ?? (tls ? 993 : 143),
    tls,
    username: given.username ?? stored?.username,
    password: given.password ?? stored?.password,
    folder: given.folder ?? stored?.folder ?? "INBOX",
    afterFetch: given.afterFetch ?? stored?.afterFetch ?? "mark_read",
  };
  for (const field of ["host", "username", "password"] as const) if (!account[field]) throw new InvalidInputError(field, "required");
  return testMailAccount({ ...account, host: account.host!, username: account.username!, password: account.password! }, { timeouts: options.timeouts ?? { connectMs: 15_000, greetingMs: 15_000, socketMs: 30_000 } });
}
