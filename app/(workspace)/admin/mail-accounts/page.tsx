import type { Metadata } from "next";
import Link from "next/link";
import { MailAccountForm } from "@/components/admin/MailAccountForm";
import { Timestamp } from "@/components/admin/Timestamp";
import { tableClass } from "@/components/admin/form-styles";
import { getDb } from "@/db/client";
import { requireAdmin } from "@/server/auth/require-admin";
import { listMailAccounts } from "@/server/mail/accounts/list-mail-accounts";
import { checkMailAccountAction, createMailAccountAction } from "./actions";

export const metadata: Metadata = { title: "Mail accounts" };
export const dynamic = "force-dynamic";

export default async function AdminMailAccountsPage() {
  await requireAdmin();
  const accounts = await listMailAccounts(getDb());
  return (
    <div className="space-y-6">
      <h1 className="text-xl font-semibold">Mail accounts</h1>
      <p className="text-sm text-zinc-500">IMAP mailboxes the server process polls; each message becomes a ticket or a follow-up as if it had arrived by SMTP.</p>
      <table className={tableClass} aria-label="Mail accounts">
        <thead>
          <tr>
            <th>Name</th>
            <th>Server</th>
            <th>Login</th>
            <th>Folder</th>
            <th>Every</th>
            <th>Last poll</th>
            <th>Last error</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((account) => (
            <tr key={account.id} data-testid="mail-account-row" className={account.valid ? undefined : "text-zinc-400"}>
              <td>
                <Link href={`/admin/mail-accounts/${account.id}`} className="font-medium text-sky-700 hover:underline dark:text-sky-400">
                  {account.name}
                </Link>
                {account.trusted && <span className="ml-2 text-xs text-zinc-500">trusted</span>}
              </td>
              <td className="font-mono text-xs">
                {account.host}:{account.port}
                {account.tls ? " (TLS)" : ""}
              </td>
              <td>{account.username}</td>
              <td>{account.folder}</td>
              <td className="tabular-nums">{account.intervalSeconds} s</td>
              <td>
                <Timestamp value={account.lastPolledAt?.toISOString() ?? null} />
              </td>
              <td className="max-w-xs truncate text-xs text-red-700 dark:text-red-300" title={account.lastError ?? undefined}>
                {account.lastError ?? ""}
              </td>
              <td>{account.valid ? "valid" : "invalid"}</td>
            </tr>
          ))}
          {accounts.length === 0 && (
            <tr>
              <td colSpan={8} className="text-zinc-500">
                No mailboxes are polled.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <MailAccountForm save={createMailAccountAction} check={checkMailAccountAction.bind(null, null)} />
    </div>
  );
}
