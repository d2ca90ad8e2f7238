import type { Metadata } from "next";
import Link from "next/link";
import { CustomerForm } from "@/components/admin/CustomerForm";
import { Timestamp } from "@/components/admin/Timestamp";
import { tableClass } from "@/components/admin/form-styles";
import { getDb } from "@/db/client";
import { foundOrNotFound, idOrNotFound } from "@/lib/not-found";
import { requireAdmin } from "@/server/auth/require-admin";
import { findCustomer } from "@/server/customers/find-customer";
import { listCustomerTickets } from "@/server/customers/list-customer-tickets";
import { updateCustomerAction } from "../actions";

export const metadata: Metadata = { title: "Customer" };
export const dynamic = "force-dynamic";

export default async function AdminCustomerPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ before?: string }> }) {
  const actor = await requireAdmin();
  const id = idOrNotFound((await params).id);
  const db = getDb();
  const customer = await foundOrNotFound(findCustomer(db, id));
  const before = Number((await searchParams).before);
  const { tickets, nextBefore } = await listCustomerTickets(db, actor, { customerId: id, ...(Number.isSafeInteger(before) && before > 0 && { before }) });
  return (
    <div className="space-y-4">
      <Link href="/admin/customers" className="text-sm text-zinc-500 hover:underline">
        ← Customers
      </Link>
      <h1 className="text-xl font-semibold">{customer.name ?? customer.email}</h1>
      <p className="text-sm text-zinc-500">
        {customer.email} · first contact <Timestamp value={customer.createdAt} />
      </p>
      <CustomerForm customer={customer} save={updateCustomerAction.bind(null, customer.id)} />
      <section aria-label="Tickets" className="space-y-2">
        <h2 className="font-semibold">Tickets</h2>
        <table className={tableClass}>
          <thead>
            <tr>
              <th>Number</th>
              <th>Title</th>
              <th>Queue</th>
              <th>State</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {tickets.map((ticket) => (
              <tr key={ticket.id} data-testid="customer-ticket-row">
                <td>
                  <Link href={`/tickets/${ticket.number}`} className="font-mono text-sky-700 hover:underline dark:text-sky-400">
                    {ticket.number}
                  </Link>
                </td>
                <td>{ticket.title}</td>
                <td>{ticket.queue.name}</td>
                <td>{ticket.state}</td>
                <td>
                  <Timestamp value={ticket.createdAt} />
                </td>
              </tr>
            ))}
            {tickets.length === 0 && (
              <tr>
                <td colSpan={5} className="text-zinc-500">
                  No tickets.
                </td>
              </tr>
            )}
          </tbody>
        </table>
        {nextBefore !== null && (
          <Link href={`/admin/customers/${customer.id}?before=${nextBefore}`} className="text-sm text-sky-700 hover:underline dark:text-sky-400">
            Older tickets →
          </Link>
        )}
      </section>
    </div>
  );
}
