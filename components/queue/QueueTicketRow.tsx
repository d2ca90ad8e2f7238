"use client";

import Link from "next/link";
import type { ApiTicket } from "@/server/tickets/ticket-view";
import { LockBadge } from "../LockBadge";
import { TicketAge } from "../TicketAge";
import { useHydrated } from "../useHydrated";

const PRIORITY_STYLE: Record<number, string> = {
  1: "text-zinc-500",
  2: "text-zinc-600 dark:text-zinc-400",
  3: "",
  4: "font-semibold text-amber-700 dark:text-amber-400",
  5: "font-semibold text-red-700 dark:text-red-400",
};

interface Props {
  ticket: ApiTicket;
  agentId: number;
  now: number;
  current: boolean;
  checked: boolean;
  /** In the "available" view: someone locked it since the page was shown; it stays, marked as taken. */
  taken: boolean;
  onToggle: () => void;
  onFocusRow: () => void;
}

/** One ticket of the queue view: a dense line, like a message in a mail client. */
export function QueueTicketRow({ ticket, agentId, now, current, checked, taken, onToggle, onFocusRow }: Props) {
  const hydrated = useHydrated();
  return (
    <tr
      data-testid="queue-ticket"
      data-number={ticket.number}
      data-current={current || undefined}
      aria-selected={current}
      onClick={onFocusRow}
      className={`border-b border-zinc-100 dark:border-zinc-800/70 ${current ? "bg-sky-50 outline outline-1 -outline-offset-1 outline-sky-400 dark:bg-sky-950/60 dark:outline-sky-700" : checked ? "bg-amber-50/60 dark:bg-amber-950/30" : "hover:bg-zinc-50 dark:hover:bg-zinc-900"} ${taken ? "opacity-60" : ""}`}
    >
      <td className="w-8 px-2 py-1">
        <input
          type="checkbox"
          tabIndex={-1}
          aria-label={`Select ${ticket.number}`}
          checked={checked}
          disabled={!hydrated}
          onChange={onToggle}
          // Focus stays on the list, so that j/k/x keep working after a click.
          onClick={(event) => event.currentTarget.blur()}
          className="h-3.5 w-3.5 align-middle accent-sky-700"
        />
      </td>
      <td className="whitespace-nowrap px-2 py-1 text-right text-zinc-600 dark:text-zinc-400">
        <TicketAge since={ticket.createdAt} now={now} />
      </td>
      <td className="whitespace-nowrap px-2 py-1 font-mono text-xs">
        <Link prefetch={false} href={`/tickets/${ticket.number}`} className="text-sky-800 hover:underline dark:text-sky-300" data-testid="ticket-link">
          {ticket.number}
        </Link>
      </td>
      <td className="max-w-0 truncate px-2 py-1" title={ticket.title}>
        <Link prefetch={false} href={`/tickets/${ticket.number}`} className={ticket.state === "new" ? "font-semibold" : ""} tabIndex={-1}>
          {ticket.title}
        </Link>
      </td>
      <td className="max-w-0 truncate px-2 py-1 text-zinc-600 dark:text-zinc-400" title={ticket.customer?.email}>
        {ticket.customer ? (ticket.customer.name ?? ticket.customer.email) : "—"}
      </td>
      <td className="whitespace-nowrap px-2 py-1" data-testid="ticket-state">{ticket.state}</td>
      <td className={`px-2 py-1 text-center tabular-nums ${PRIORITY_STYLE[ticket.priority] ?? ""}`} data-testid="ticket-priority">
        {ticket.priority}
      </td>
      <td className="truncate px-2 py-1" data-testid="ticket-lock">
        <LockBadge ticket={ticket} agentId={agentId} />
        {ticket.lock !== "locked" && ticket.owner && <span className="ml-2 text-xs text-zinc-500">owner {ticket.owner.id === agentId ? "you" : ticket.owner.name}</span>}
      </td>
    </tr>
  );
}
