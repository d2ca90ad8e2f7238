import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DeleteButton } from "@/components/admin/DeleteButton";
import { FilterForm } from "@/components/admin/FilterForm";
import { getDb } from "@/db/client";
import { requireAdmin } from "@/server/auth/require-admin";
import { NotFoundError } from "@/server/errors";
import { findFilter } from "@/server/mail/filters/find-filter";
import { listAdminQueues } from "@/server/queues/list-admin-queues";
import { deleteFilterAction, updateFilterAction } from "../actions";

export const metadata: Metadata = { title: "Filter" };
export const dynamic = "force-dynamic";

export default async function AdminFilterPage({ params }: { params: Promise<{ id: string }> }) {
  await requireAdmin();
  const id = Number((await params).id);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  const db = getDb();
  const filter = await findFilter(db, id).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
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
