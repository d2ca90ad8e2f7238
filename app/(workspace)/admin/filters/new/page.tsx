import type { Metadata } from "next";
import Link from "next/link";
import { FilterForm } from "@/components/admin/FilterForm";
import { getDb } from "@/db/client";
import { requireAdmin } from "@/server/auth/require-admin";
import { listAdminQueues } from "@/server/queues/list-admin-queues";
import { createFilterAction } from "../actions";

export const metadata: Metadata = { title: "New filter" };
export const dynamic = "force-dynamic";

export default async function NewFilterPage() {
  await requireAdmin();
  const queues = await listAdminQueues(getDb());
  return (
    <div className="space-y-4">
      <Link href="/admin/filters" className="text-sm text-zinc-500 hover:underline">
        ← Postmaster filters
      </Link>
      <h1 className="text-xl font-semibold">New filter</h1>
      <FilterForm queues={queues.map((queue) => queue.name)} save={createFilterAction} />
    </div>
  );
}
