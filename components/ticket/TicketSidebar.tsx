import Link from "next/link";
import type { ApiTicket } from "@/server/tickets/ticket-view";

/** The customer, and their other tickets: what an agent checks before answering. */
export function TicketSidebar({ ticket, customerTickets }: { ticket: ApiTicket; customerTickets: ApiTicket[] }) {
  return (
    <section aria-label="Customer" className="space-y-2 rounded-lg border border-zinc-200 p-3 text-sm dark:border-zinc-800" data-testid="customer-panel">
      <h2 className="text-xs font-semibold uppercase tracking-wide text-zinc-500">Customer</h2>
      {ticket.customer ? (
        <p>
          {ticket.customer.name && <span className="block font-medium">{ticket.customer.name}</span>}
          <a href={`mailto:${ticket.customer.email}`} className="text-sky-700 hover:underline dark:text-sky-400">{ticket.customer.email}</a>
        </p>
      ) : (
        <p className="text-zinc-500">No customer.</p>
      )}
      <dl className="grid grid-cols-[auto_1fr] gap-x-2 text-xs text-zinc-500">
        <dt>Owner</dt>
        <dd data-testid="ticket-owner">{ticket.owner?.name ?? "—"}</dd>
        <dt>Created</dt>
        <dd>{new Date(ticket.createdAt).toLocaleString()}</dd>
        <dt>Changed</dt>
        <dd>{new Date(ticket.updatedAt).toLocaleString()}</dd>
      </dl>
      {customerTickets.length > 0 && (
        <>
          <h3 className="pt-2 text-xs font-semibold uppercase tracking-wide text-zinc-500">Their other tickets</h3>
          <ul className="space-y-1">
            {customerTickets.map((other) => (
              <li key={other.id}>
                <Link href={`/tickets/${other.number}`} className="hover:underline">
                  <span className="font-mono text-xs text-zinc-500">{other.number}</span> {other.title}
                </Link>
                <span className="ml-1 text-xs text-zinc-400">({other.state})</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
