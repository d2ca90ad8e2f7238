import type { Metadata } from "next";
import Link from "next/link";
import { Timestamp } from "@/components/admin/Timestamp";
import { tableClass } from "@/components/admin/form-styles";
import { getDb } from "@/db/client";
import { requireAdmin } from "@/server/auth/require-admin";
import { listFailedMessages } from "@/server/mail/inbound/list-failed-messages";

export const metadata: Metadata = { title: "Failed mail" };
export const dynamic = "force-dynamic";

export default async function AdminInboundPage({ searchParams }: { searchParams: Promise<{ before?: string }> }) {
  await requireAdmin();
  const before = Number((await searchParams).before);
  const { messages, nextBefore } = await listFailedMessages(getDb(), Number.isSafeInteger(before) && before > 0 ? { before } : {});
  return (
    <div className="space-y-6">
      <h1 className="text-xl font-semibold">Failed inbound mail</h1>
      <p className="text-sm text-zinc-500">Messages that were received and stored but could not become a ticket or article. Nothing is lost: fix the cause, then reprocess.</p>
      <table className={tableClass} aria-label="Failed messages">
        <thead>
          <tr>
            <th>#</th>
            <th>Received</th>
            <th>From</th>
            <th>Subject</th>
            <th>Error</th>
            <th className="text-right">Attempts</th>
          </tr>
        </thead>
        <tbody>
          {messages.map((message) => (
            <tr key={message.id} data-testid="failed-message-row">
              <td>
                <Link href={`/admin/inbound/${message.id}`} className="font-medium text-sky-700 hover:underline dark:text-sky-400">
                  {message.id}
                </Link>
              </td>
              <td>
                <Timestamp value={message.receivedAt} />
              </td>
              <td className="max-w-48 truncate">{message.from || message.envelope.mailFrom || "—"}</td>
              <td className="max-w-64 truncate">{message.subject || "(no subject)"}</td>
              <td className="max-w-md truncate text-xs text-red-700 dark:text-red-300" title={message.error ?? undefined}>
                {message.error}
              </td>
              <td className="text-right tabular-nums">{message.attempts}</td>
            </tr>
          ))}
          {messages.length === 0 && (
            <tr>
              <td colSpan={6} className="text-zinc-500">
                No failed messages.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {nextBefore !== null && (
        <Link href={`/admin/inbound?before=${nextBefore}`} className="text-sm text-sky-700 hover:underline dark:text-sky-400">
          Older →
        </Link>
      )}
    </div>
  );
}
