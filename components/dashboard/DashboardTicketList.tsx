import Link from "next/link";
import { formatAge } from "@/lib/ticket-age";
import type { ApiTicket } from "@/server/tickets/ticket-view";
import { LockBadge } from "../LockBadge";
import { TicketAge } from "../TicketAge";

interface Props {
  title: string;
  tickets: ApiTicket[];
  agentId: number;
  now: number;
  empty: string;
  testId: string;
  /** Show how long ago the reminder time was reached, instead of the ticket's age. */
  reminder?: boolean;
}

/** One of the dashboard's lists of tickets: dense lines, the oldest first, each opening its ticket. */
export function DashboardTicketList({ title, tickets, agentId, now, empty, testId, reminder = false }: Props) {
  return (
    <section aria-label={title} data-testid={testId} className="rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <h2 className="flex items-center justify-between border-b border-zinc-200 px-3 py-2 text-sm font-semibold dark:border-zinc-800">
        {title}
        <span className="rounded-full bg-zinc-100 px-2 text-xs font-medium tabular-nums text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300" data-testid="list-count">
          {tickets.length}
        </span>
      </h2>
      {tickets.length === 0 ? (
        <p className="px-3 py-3 text-sm text-zinc-500">{empty}</p>
      ) : (
        <ul className="max-h-80 overflow-y-auto text-sm">
          {tickets.map((ticket) => (
            <li key={ticket.id} data-testid="dashboard-ticket" data-number={ticket.number} className="flex items-center gap-2 border-b border-zinc-100 px-3 py-1 last:border-b-0 dark:border-zinc-800/70">
              <span className="w-16 shrink-0 text-right text-xs text-zinc-500">
                {reminder && ticket.pendingUntil ? (
                  <time dateTime={ticket.pendingUntil} title={`reminder since ${new Date(ticket.pendingUntil).toUTCString()}`}>
                    {formatAge(ticket.pendingUntil, now)}
                  </time>
                ) : (
                  <TicketAge since={ticket.createdAt} now={now} />
                )}
              </span>
              <Link prefetch={false} href={`/tickets/${ticket.number}`} className="shrink-0 font-mono text-xs text-sky-800 hover:underline dark:text-sky-300">
                {ticket.number}
              </Link>
              <Link prefetch={false} href={`/tickets/${ticket.number}`} className="min-w-0 flex-1 truncate" title={ticket.title}>
                {ticket.title}
              </Link>
              <span className="hidden shrink-0 text-xs text-zinc-500 xl:inline">{ticket.queue.name}</span>
              {ticket.lock === "locked" && <LockBadge ticket={ticket} agentId={agentId} />}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
