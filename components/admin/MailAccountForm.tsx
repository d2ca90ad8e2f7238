"use client";

import Link from "next/link";
import { useRef, useState, useTransition } from "react";
import type { ActionResult } from "@/server/api/action-result";
import type { ListedMailAccount } from "@/server/mail/accounts/list-mail-accounts";
import type { MailAccountCheck } from "@/server/mail/inbound/imap-poller";
import { CheckboxField } from "./CheckboxField";
import { FormMessage } from "./FormMessage";
import { buttonClass, inputClass, labelClass, secondaryButtonClass, sectionClass } from "./form-styles";
import { useActionRunner } from "./useActionRunner";

export interface MailAccountFormProps {
  account?: ListedMailAccount;
  save(form: FormData): Promise<ActionResult<ListedMailAccount>>;
  check(form: FormData): Promise<ActionResult<MailAccountCheck>>;
}

/** An IMAP mailbox to poll, with "Test connection" on the settings as they stand in the form (saved or not). */
export function MailAccountForm({ account, save, check }: MailAccountFormProps) {
  const runner = useActionRunner<ListedMailAccount>();
  const form = useRef<HTMLFormElement>(null);
  const [checking, startCheck] = useTransition();
  const [checked, setChecked] = useState<ActionResult<MailAccountCheck> | null>(null);
  const creating = account === undefined;
  const test = () => {
    if (!form.current) return;
    const data = new FormData(form.current);
    setChecked(null);
    startCheck(async () => setChecked(await check(data)));
  };
  return (
    <form
      ref={form}
      aria-label={creating ? "New mail account" : "Edit mail account"}
      className={sectionClass}
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        runner.run(() => save(data), { onSuccess: () => creating && form.current?.reset() });
      }}
    >
      <h2 className="font-semibold">{creating ? "New mail account" : "Settings"}</h2>
      <div className="grid gap-3 sm:grid-cols-3">
        <label className={labelClass}>
          <span>Name</span>
          <input name="name" required defaultValue={account?.name} className={inputClass} />
        </label>
        <label className={labelClass}>
          <span>Host</span>
          <input name="host" required defaultValue={account?.host} placeholder="imap.example.com" className={inputClass} />
        </label>
        <label className={labelClass}>
          <span>Port (empty: 993 with TLS, else 143)</span>
          <input name="port" type="number" min={1} max={65535} defaultValue={account?.port} className={inputClass} />
        </label>
        <label className={labelClass}>
          <span>Login</span>
          <input name="username" required defaultValue={account?.username} autoComplete="off" className={inputClass} />
        </label>
        <label className={labelClass}>
          <span>Password{creating ? "" : " (empty: keep the stored one)"}</span>
          <input name="password" type="password" required={creating} autoComplete="new-password" className={inputClass} />
        </label>
        <label className={labelClass}>
          <span>Folder</span>
          <input name="folder" defaultValue={account?.folder ?? "INBOX"} className={inputClass} />
        </label>
        <label className={labelClass}>
          <span>Poll every (seconds)</span>
          <input name="intervalSeconds" type="number" min={10} max={86400} defaultValue={account?.intervalSeconds ?? 60} className={inputClass} />
        </label>
        <label className={labelClass}>
          <span>After fetching</span>
          <select name="afterFetch" defaultValue={account?.afterFetch ?? "mark_read"} className={inputClass}>
            <option value="mark_read">mark read</option>
            <option value="delete">delete</option>
          </select>
        </label>
      </div>
      <div className="flex flex-wrap gap-6">
        <CheckboxField name="tls" label="TLS" defaultChecked={account?.tls ?? true} />
        <CheckboxField name="trusted" label="Trusted (its X-Helpdesk-* headers are honoured)" defaultChecked={account?.trusted ?? false} />
        <CheckboxField name="valid" label="Valid (polled)" defaultChecked={account?.valid ?? true} />
      </div>
      <div className="flex flex-wrap gap-2">
        <button type="submit" disabled={runner.busy} className={buttonClass}>
          {runner.pending ? "Saving…" : creating ? "Add mail account" : "Save"}
        </button>
        <button type="button" onClick={test} disabled={checking} className={secondaryButtonClass}>
          {checking ? "Testing…" : "Test connection"}
        </button>
      </div>
      <FormMessage error={runner.error} success={runner.value && !creating ? "Saved." : null} testId={creating ? "mail-account-create" : "mail-account-edit"} />
      {runner.value && creating && (
        <p role="status" className="text-sm">
          Mail account{" "}
          <Link href={`/admin/mail-accounts/${runner.value.id}`} className="font-medium underline">
            {runner.value.name}
          </Link>{" "}
          added.
        </p>
      )}
      {checked && !checked.ok && <FormMessage error={checked.error} testId="mail-account-check" />}
      {checked?.ok && (
        <p role="status" data-testid="mail-account-check-result" className={`rounded px-2 py-1 text-sm ${checked.value.ok ? "bg-emerald-50 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200" : "bg-red-50 text-red-800 dark:bg-red-950 dark:text-red-200"}`}>
          {checked.value.ok ? `Connected: ${checked.value.messages} message(s) in the folder, ${checked.value.unseen} unseen.` : `Failed: ${checked.value.error}`}
        </p>
      )}
    </form>
  );
}
