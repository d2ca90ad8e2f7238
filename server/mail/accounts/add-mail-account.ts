import { z } from "zod";
import type { Db } from "../../../db/client";
import { isUniqueViolation } from "../../../db/errors";
import { afterFetch, mailAccounts } from "../../../db/schema";
import { AlreadyExistsError } from "../../errors";
import { parseInput } from "../../validation";

// A host name (letters, digits, dots, hyphens) or an IP address; no scheme, port or path, which
// would only fail later, at the first poll, with a less helpful error.
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$|^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*$/;

export const addMailAccountInput = z
  .object({
    name: z.string().trim().min(1, "required").max(200),
    host: z.string().trim().min(1, "required").max(253).regex(HOST, "a host name or IP address, without scheme or port"),
    port: z.number().int().min(1, "1 to 65535").max(65_535, "1 to 65535").optional(),
    tls: z.boolean().default(true),
    username: z.string().trim().min(1, "required").max(320),
    // Not trimmed: a leading or trailing space may be part of the password.
    password: z.string().min(1, "required").max(1_000),
    folder: z.string().trim().min(1, "required").max(1_000).default("INBOX"),
    intervalSeconds: z.number().int().min(10, "at least 10 seconds").max(86_400, "at most a day").default(60),
    trusted: z.boolean().default(false),
    afterFetch: z.enum(afterFetch.enumValues, { error: `one of ${afterFetch.enumValues.join(", ")}` }).default("mark_read"),
    valid: z.boolean().default(true),
  })
  // The standard ports: 993 for IMAP over TLS, 143 for plain IMAP (with STARTTLS where offered).
  .transform((input) => ({ ...input, port: input.port ?? (input.tls ? 993 : 143) }));

/**
 * Adds an IMAP mailbox to poll. The password is stored as given, not hashed: the poller has to
 * send it to the IMAP server to log in, so only the database's own protection guards it.
 */
export async function addMailAccount(db: Db, rawInput: z.input<typeof addMailAccountInput>): Promise<{ id: number }> {
  const input = parseInput(addMailAccountInput, rawInput);
  try {
    const [account] = await db.insert(mailAccounts).values(input).returning({ id: mailAccounts.id });
    return account!;
  } catch (error) {
    if (isUniqueViolation(error, "mail_accounts_name_unique")) throw new AlreadyExistsError("name", `mail account ${input.name} already exists`);
    throw error;
  }
}
