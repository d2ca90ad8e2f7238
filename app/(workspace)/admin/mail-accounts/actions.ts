"use server";

import { z } from "zod";
import { getDb } from "@/db/client";
import { actionResult, type ActionResult } from "@/server/api/action-result";
import { formCheckbox, formNumber, formText } from "@/server/api/form-fields";
import { requireAgent } from "@/server/auth/require-agent";
import { checkMailAccount } from "@/server/mail/accounts/check-mail-account";
import { createMailAccount } from "@/server/mail/accounts/create-mail-account";
import { deleteMailAccount } from "@/server/mail/accounts/delete-mail-account";
import type { ListedMailAccount } from "@/server/mail/accounts/list-mail-accounts";
import { updateMailAccount } from "@/server/mail/accounts/update-mail-account";
import type { MailAccountCheck } from "@/server/mail/inbound/imap-poller";
import { parseInput } from "@/server/validation";

const id = z.number().int().positive();

/** The mailbox form; an empty password means "keep the stored one" (on an edit). */
function accountFields(form: FormData) {
  const password = formText(form, "password");
  return {
    name: formText(form, "name"),
    host: formText(form, "host"),
    port: formNumber(form, "port"),
    tls: formCheckbox(form, "tls"),
    username: formText(form, "username"),
    password: password === "" ? undefined : password,
    folder: formText(form, "folder"),
    intervalSeconds: formNumber(form, "intervalSeconds"),
    trusted: formCheckbox(form, "trusted"),
    afterFetch: formText(form, "afterFetch") as "mark_read" | undefined,
    valid: formCheckbox(form, "valid"),
  };
}

export async function createMailAccountAction(form: FormData): Promise<ActionResult<ListedMailAccount>> {
  return actionResult(async () => {
    const { name, host, username, password, ...rest } = accountFields(form);
    return createMailAccount(getDb(), await requireAgent(), { ...rest, name: name ?? "", host: host ?? "", username: username ?? "", password: password ?? "" });
  });
}

export async function updateMailAccountAction(accountId: number, form: FormData): Promise<ActionResult<ListedMailAccount>> {
  return actionResult(async () => updateMailAccount(getDb(), await requireAgent(), { ...accountFields(form), id: parseInput(id, accountId) }));
}

export async function deleteMailAccountAction(accountId: number): Promise<ActionResult<null>> {
  return actionResult(async () => {
    await deleteMailAccount(getDb(), await requireAgent(), { id: parseInput(id, accountId) });
    return null;
  });
}

/** "Test connection" with the settings as the form holds them, over the stored account's when there is one. */
export async function checkMailAccountAction(accountId: number | null, form: FormData): Promise<ActionResult<MailAccountCheck>> {
  return actionResult(async () => {
    const { name: _name, intervalSeconds: _interval, trusted: _trusted, valid: _valid, ...settings } = accountFields(form);
    return checkMailAccount(getDb(), await requireAgent(), { ...settings, id: accountId === null ? undefined : parseInput(id, accountId) });
  });
}
