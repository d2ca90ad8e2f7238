import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { loadAdminOverview } from "@/server/admin/admin-overview";
import { requireAdmin } from "@/server/auth/require-admin";

export const metadata: Metadata = { title: "Administration" };
export const dynamic = "force-dynamic";

function Card({ href, title, value, detail }: { href: string; title: string; value: number; detail?: string }) {
  return (
    <Link href={href} data-testid={`overview-${title.toLowerCase().replace(/\W+/g, "-")}`} className="block rounded-lg border border-zinc-200 p-4 hover:border-sky-600 dark:border-zinc-800">
      <div className="text-sm text-zinc-500">{title}</div>
      <div className="text-2xl font-semibold tabular-nums">{value}</div>
      {detail && <div className="text-xs text-zinc-500">{detail}</div>}
    </Link>
  );
}

export default async function AdminOverviewPage() {
  await requireAdmin();
  const overview = await loadAdminOverview(getDb());
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Administration</h1>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Card href="/admin/agents" title="Agents" value={overview.agents.valid} detail={`${overview.agents.admins} administrators, ${overview.agents.invalid} invalid`} />
        <Card href="/admin/groups" title="Groups" value={overview.groups.valid} detail={`${overview.groups.invalid} invalid`} />
        <Card href="/admin/queues" title="Queues" value={overview.queues.valid} detail={`${overview.queues.invalid} invalid`} />
        <Card href="/" title="Open tickets" value={overview.openTickets} />
        <Card href="/admin/inbound" title="Failed mail" value={overview.failedInbound} detail="inbound messages that could not be processed" />
        <Card href="/admin/system" title="Undelivered mail" value={overview.failedOutbound} detail="outbound messages given up on" />
        <Card href="/admin/audit" title="Changes today" value={overview.auditLast24h} detail="audit log entries in the last 24 hours" />
      </div>
    </div>
  );
}
