import type { Metadata } from "next";
import Link from "next/link";
import { RetryButton } from "@/components/admin/RetryButton";
import { TestMailForm } from "@/components/admin/TestMailForm";
import { Timestamp } from "@/components/admin/Timestamp";
import { sectionClass, tableClass } from "@/components/admin/form-styles";
import { getDb } from "@/db/client";
import { requireAdmin } from "@/server/auth/require-admin";
import { readConfig } from "@/server/config";
import { describeOutbound } from "@/server/system/describe-outbound";
import { listOutbox, OUTBOX_STATUSES, type OutboxStatus } from "@/server/system/list-outbox";
import { retryOutboxAction, sendTestMailAction } from "./actions";

export const metadata: Metadata = { title: "System" };
export const dynamic = "force-dynamic";

const PAGE_SIZE = 25;

export default async function AdminSystemPage({ searchParams }: { searchParams: Promise<{ status?: string; page?: string }> }) {
  await requireAdmin();
  const query = await searchParams;
  const status: OutboxStatus = OUTBOX_STATUSES.find((each) => each === query.status) ?? "queued";
  const pageNumber = Math.min(Math.max(Math.trunc(Number(query.page)) || 1, 1), 100_000);
  const config = readConfig();
  const outbound = describeOutbound(config);
  const outbox = await listOutbox(getDb(), { status, page: pageNumber, pageSize: PAGE_SIZE });
  const pages = Math.max(1, Math.ceil(outbox.counts[status] / PAGE_SIZE));
  return (
    <div className="space-y-6">
      <h1 className="text-xl font-semibold">System</h1>
      <section className={sectionClass} aria-label="Outbound mail">
        <h2 className="font-semibold">Outbound mail</h2>
        {outbound.kind === "smtp" ? (
          <p className="text-sm">
            Sent through the relay <code className="rounded bg-zinc-100 px-1 font-mono dark:bg-zinc-800" data-testid="smtp-url">{outbound.url}</code> (SMTP_URL).
          </p>
        ) : (
          <p className="text-sm">
            SMTP_URL is not set: outbound mail is written as <code>.eml</code> files to <code className="rounded bg-zinc-100 px-1 font-mono dark:bg-zinc-800" data-testid="eml-directory">{outbound.directory}</code>.
          </p>
        )}
        <p className="text-xs text-zinc-500">Settings come from the environment of the server processes; change them there and restart.</p>
        <TestMailForm send={sendTestMailAction} defaultTo="" />
      </section>
      <section className="space-y-3" aria-label="Outbox">
        <div className="flex flex-wrap items-center gap-4">
          <h2 className="font-semibold">Outbox</h2>
          <nav aria-label="Outbox status" className="flex gap-3 text-sm">
            {OUTBOX_STATUSES.map((each) => (
              <Link key={each} href={`/admin/system?status=${each}`} aria-current={each === status ? "page" : undefined} className={each === status ? "font-semibold underline" : "text-sky-700 hover:underline dark:text-sky-400"}>
                {each} ({outbox.counts[each]})
              </Link>
            ))}
          </nav>
          {status === "failed" && outbox.counts.failed > 0 && <RetryButton retry={retryOutboxAction.bind(null, undefined)} label="Retry all failed" testId="retry-all" />}
        </div>
        <table className={tableClass} aria-label={`Outbox: ${status}`}>
          <thead>
            <tr>
              <th>Queued</th>
              <th>Ticket</th>
              <th>Kind</th>
              <th>To</th>
              <th>Subject</th>
              <th className="text-right">Attempts</th>
              <th>{status === "sent" ? "Sent" : status === "failed" ? "Gave up" : "Next attempt"}</th>
              <th>Last error</th>
              {status === "failed" && <th />}
            </tr>
          </thead>
          <tbody>
            {outbox.entries.map((entry) => (
              <tr key={entry.id} data-testid="outbox-row">
                <td>
                  <Timestamp value={entry.createdAt} />
                </td>
                <td>
                  <Link href={`/tickets/${entry.ticketNumber}`} className="font-mono text-xs text-sky-700 hover:underline dark:text-sky-400">
                    {entry.ticketNumber}
                  </Link>
                </td>
                <td className="text-xs">{entry.kind}</td>
                <td>{entry.recipient}</td>
                <td className="max-w-64 truncate">{entry.subject}</td>
                <td className="text-right tabular-nums">{entry.attempts}</td>
                <td>
                  <Timestamp value={status === "sent" ? entry.sentAt : status === "failed" ? entry.failedAt : entry.nextAttemptAt} />
                </td>
                <td className="max-w-xs truncate text-xs text-red-700 dark:text-red-300" title={entry.lastError ?? undefined}>
                  {entry.lastError}
                </td>
                {status === "failed" && (
                  <td>
                    <RetryButton retry={retryOutboxAction.bind(null, entry.id)} label="Retry" testId={`retry-${entry.id}`} />
                  </td>
                )}
              </tr>
            ))}
            {outbox.entries.length === 0 && (
              <tr>
                <td colSpan={9} className="text-zinc-500">
                  Nothing {status}.
                </td>
              </tr>
            )}
          </tbody>
        </table>
        {pages > 1 && (
          <nav aria-label="Outbox pages" className="flex items-center gap-3 text-sm">
            {pageNumber > 1 && <Link href={`/admin/system?status=${status}&page=${pageNumber - 1}`}>← Newer</Link>}
            <span>
              Page {pageNumber} of {pages}
            </span>
            {pageNumber < pages && <Link href={`/admin/system?status=${status}&page=${pageNumber + 1}`}>Older →</Link>}
          </nav>
        )}
      </section>
    </div>
  );
}
