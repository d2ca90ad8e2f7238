import type { Metadata } from "next";
import Link from "next/link";
import { tableClass } from "@/components/admin/form-styles";
import { ZonedTime } from "@/components/ZonedTime";
import { getDb } from "@/db/client";
import { listAuditLog } from "@/server/audit/list-audit-log";
import { requireAdmin } from "@/server/auth/require-admin";
import { displayTimeZone } from "@/server/preferences/display-time-zone";

export const metadata: Metadata = { title: "Audit log" };
export const dynamic = "force-dynamic";

const PAGE_SIZE = 50;

export default async function AdminAuditPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  const actor = await requireAdmin();
  const requested = Number((await searchParams).page ?? "1");
  const db = getDb();
  const timeZone = await displayTimeZone(db, actor.id);
  const log = await listAuditLog(db, { page: Number.isInteger(requested) && requested >= 1 ? Math.min(requested, 100_000) : 1, pageSize: PAGE_SIZE });
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Audit log</h1>
      <p className="text-sm text-zinc-500">
        Every administrative change, newest first; times in {timeZone}. {log.total} entries.
      </p>
      <table className={tableClass} aria-label="Audit log">
        <thead>
          <tr>
            <th>When</th>
            <th>Who</th>
            <th>Action</th>
            <th>Target</th>
            <th>Details</th>
          </tr>
        </thead>
        <tbody>
          {log.entries.map((entry) => (
            <tr key={entry.id} data-testid="audit-row">
              <td className="whitespace-nowrap">
                <ZonedTime value={entry.createdAt} timeZone={timeZone} />
              </td>
              <td>{entry.actor ? `${entry.actor.name} (${entry.actor.login})` : "system"}</td>
              <td className="font-mono text-xs">{entry.action}</td>
              <td className="font-mono text-xs">{entry.target}</td>
              <td className="max-w-md truncate font-mono text-xs" title={entry.details === null ? undefined : JSON.stringify(entry.details)}>
                {entry.details === null ? "" : JSON.stringify(entry.details)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <nav aria-label="Pages" className="flex items-center gap-4 text-sm">
        {log.page > 1 && (
          <Link href={`/admin/audit?page=${log.page - 1}`} className="text-sky-700 hover:underline dark:text-sky-400">
            ← Newer
          </Link>
        )}
        <span>
          Page {log.page} of {log.pages}
        </span>
        {log.page < log.pages && (
          <Link href={`/admin/audit?page=${log.page + 1}`} className="text-sky-700 hover:underline dark:text-sky-400">
            Older →
          </Link>
        )}
      </nav>
    </div>
  );
}
