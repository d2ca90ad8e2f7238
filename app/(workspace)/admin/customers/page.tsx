import type { Metadata } from "next";
import Link from "next/link";
import { buttonClass, inputClass, tableClass } from "@/components/admin/form-styles";
import { getDb } from "@/db/client";
import { requireAdmin } from "@/server/auth/require-admin";
import { listCustomers } from "@/server/customers/list-customers";

export const metadata: Metadata = { title: "Customers" };
export const dynamic = "force-dynamic";

export default async function AdminCustomersPage({ searchParams }: { searchParams: Promise<{ q?: string; after?: string }> }) {
  await requireAdmin();
  const { q, after } = await searchParams;
  const query = typeof q === "string" ? q.slice(0, 200) : "";
  const { customers, nextAfter } = await listCustomers(getDb(), { q: query || undefined, after: typeof after === "string" ? after.slice(0, 400) : undefined });
  const next = new URLSearchParams({ ...(query && { q: query }), ...(nextAfter && { after: nextAfter }) });
  return (
    <div className="space-y-6">
      <h1 className="text-xl font-semibold">Customers</h1>
      <form role="search" className="flex gap-2" action="/admin/customers">
        <input name="q" defaultValue={query} aria-label="Search customers" placeholder="Address, name or organisation" className={`${inputClass} max-w-md`} />
        <button type="submit" className={buttonClass}>
          Search
        </button>
      </form>
      <table className={tableClass} aria-label="Customers">
        <thead>
          <tr>
            <th>Address</th>
            <th>Name</th>
            <th>Organisation</th>
            <th className="text-right">Tickets</th>
            <th className="text-right">In work</th>
          </tr>
        </thead>
        <tbody>
          {customers.map((customer) => (
            <tr key={customer.id} data-testid="customer-row">
              <td>
                <Link href={`/admin/customers/${customer.id}`} className="font-medium text-sky-700 hover:underline dark:text-sky-400">
                  {customer.email}
                </Link>
              </td>
              <td>{customer.name ?? "—"}</td>
              <td>{customer.organisation ?? "—"}</td>
              <td className="text-right tabular-nums">{customer.tickets}</td>
              <td className="text-right tabular-nums">{customer.openTickets}</td>
            </tr>
          ))}
          {customers.length === 0 && (
            <tr>
              <td colSpan={5} className="text-zinc-500">
                {query ? `No customer matches “${query}”.` : "No customers yet."}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {nextAfter && (
        <Link href={`/admin/customers?${next.toString()}`} className="text-sm text-sky-700 hover:underline dark:text-sky-400">
          Next page →
        </Link>
      )}
    </div>
  );
}
