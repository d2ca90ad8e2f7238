import type { Metadata } from "next";
import Link from "next/link";
import { DeleteButton } from "@/components/admin/DeleteButton";
import { MailAccountForm } from "@/components/admin/MailAccountForm";
import { Timestamp } from "@/components/admin/Timestamp";
import { getDb } from "@/db/client";
import { foundOrNotFound, idOrNotFound } from "@/lib/not-found";
import { requireAdmin } from "@/server/auth/require-admin";
import { findMailAccount } from "@/server/mail/accounts/find-mail-account";
import { checkMailAccountAction, deleteMailAccountAction, updateMailAccountAction } from "../actions";

export const metadata: Metadata = { title: "Mail account" };
export const dynamic = "force-dynamic";

export default async function AdminMailAccountPage({ params }: { params: Promise<{ id: string }> }) {
  await requireAdmin();
  const id = idOrNotFound((await params).id);
  const account = await foundOrNotFound(findMailAccount(getDb(), id));
  return (
    <div className="space-y-4">
      <Link href="/admin/mail-accounts" className="text-sm text-zinc-500 hover:underline">
        ← Mail accounts
      </Link>
      <h1 className="text-xl font-semibold">{account.name}</h1>
      <p className="text-sm text-zinc-500">
        Last poll: <Timestamp value={account.lastPolledAt?.toISOString() ?? null} />
        {account.lastError && <span className="ml-2 text-red-700 dark:text-red-300">{account.lastError}</span>}
      </p>
      <MailAccountForm account={account} save={updateMailAccountAction.bind(null, account.id)} check={checkMailAccountAction.bind(null, account.id)} />
      <DeleteButton what={`the mail account ${account.name}`} remove={deleteMailAccountAction.bind(null, account.id)} back="/admin/mail-accounts" testId="mail-account-delete" />
    </div>
  );
}
