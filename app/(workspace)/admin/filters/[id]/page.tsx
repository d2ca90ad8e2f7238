import type { Metadata } from "next";
import Link from "next/link";
import { DeleteButton } from "@/components/admin/DeleteButton";
import { FilterForm } from "@/components/admin/FilterForm";
import { getDb } from "@/db/client";
import { foundOrNotFound, idOrNotFound } from "@/lib/not-found";
import { requireAdmin } from "@/server/auth/require-admin";
import { findFilter } from "@/server/mail/filters/find-filter";
import { listAdminQueues } from "@/server/queues/list-admin-queues";
import { deleteFilterAction, updateFilterAction } from "../actions";

export const metadata: Metadata = { title: "Filter" };
export const dynamic = "force-dynamic";

export default async function AdminFilterPage({ params }: { params: Promise<{ id: string }> }) {
  await requireAdmin();
  const id = idOrNotFound((await params).id);
  const db = getDb();
  const filter = await foundOrNotFound(findFilter(db, id));
  const queues = await listAdminQueues(db);
  return (
    <div className="space-y-4">
      <Link href="/admin/filters" className="text-sm text-zinc-500 hover:underline">
        ← Postmaster filters
      </Link>
      <h1 className="text-xl font-semibold">{filter.name}</h1>
      <FilterForm filter={filter} queues={queues.map((queue) => queue.name)} save={updateFilterAction.bind(null, filter.id)} />
      <DeleteButton what={`the filter ${filter.name}`} remove={deleteFilterAction.bind(null, filter.id)} back="/admin/filters" testId="filter-delete" />
    </div>
  );
}
