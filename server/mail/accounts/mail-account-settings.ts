import { z } from "zod";
import { isUniqueViolation } from "../../../db/errors";
import { AlreadyExistsError } from "../../errors";
import { addMailAccountInput } from "./add-mail-account";

const fields = addMailAccountInput.in.shape;

/** A mail account's settings as an edit gives them: every field optional, no defaults filled in. */
export const mailAccountChanges = z.object({
  name: fields.name.optional(),
  host: fields.host.optional(),
  port: fields.port,
  tls: fields.tls.unwrap().optional(),
  username: fields.username.optional(),
  /** Left out (or empty on the page): the stored password stays. */
  password: fields.password.optional(),
  folder: fields.folder.unwrap().optional(),
  intervalSeconds: fields.intervalSeconds.unwrap().optional(),
  trusted: fields.trusted.unwrap().optional(),
  afterFetch: fields.afterFetch.unwrap().optional(),
  valid: fields.valid.unwrap().optional(),
});

export function mailAccountUniqueViolation(error: unknown, name: string | undefined): Error | null {
  return isUniqueViolation(error, "mail_accounts_name_unique") ? new AlreadyExistsError("name", `mail account ${name} already exists`) : null;
}

