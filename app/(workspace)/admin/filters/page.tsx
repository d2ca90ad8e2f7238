import type { Metadata } from "next";
import Link from "next/link";
import { FilterOrder } from "@/components/admin/FilterOrder";
import { buttonClass } from "@/components/admin/form-styles";
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
      <div className="flex items-center justify-between">
        <h1 className="text-xl font-semibold">Postmaster filters</h1>
        <Link href="/admin/filters/new" className={buttonClass}>
          New filter
        </Link>
      </div>
      <p className="text-sm text-zinc-500">Run on every incoming message, top to bottom. A filter applies when all its rules match; a later filter&apos;s actions override an earlier one&apos;s.</p>
      <FilterOrder key={filters.map((filter) => filter.id).join()} filters={filters} reorder={reorderFiltersAction} />
    </div>
  );
}
