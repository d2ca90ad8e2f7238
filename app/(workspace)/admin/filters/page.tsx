import type { Metadata } from "next";
import { FilterOrder } from "@/components/admin/FilterOrder";
import { ListHeader } from "@/components/admin/ListHeader";
import { getDb } from "@/db/client";
import { requireAdmin } from "@/server/auth/require-admin";
import { listFilters } from "@/server/mail/filters/list-filters";
import { reorderFiltersAction } from "./actions";

export const metadata: Metadata = { title: "Postmaster filters" };
export const dynamic = "force-dynamic";

export default async function AdminFiltersPage() {
  await requireAdmin();
  const filters = await listFilters(getDb());
  return (
    <div className="space-y-6">
      <ListHeader title="Postmaster filters" newHref="/admin/filters/new" newLabel="New filter" />
      <p className="text-sm text-zinc-500">Run on every incoming message, top to bottom. A filter applies when all its rules match; a later filter&apos;s actions override an earlier one&apos;s.</p>
      <FilterOrder key={filters.map((filter) => filter.id).join()} filters={filters} reorder={reorderFiltersAction} />
    </div>
  );
}
