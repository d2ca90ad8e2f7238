"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import type { ApiTicket } from "@/server/tickets/ticket-view";
import { LockBadge } from "../LockBadge";
import { useShortcuts } from "../useShortcuts";

const cell = "px-2 py-1 align-top";

/**
 * Search hits as a dense table, each row a link to its ticket. j/k move through the rows (the
 * row's link takes the focus, so Enter opens it), o opens the selected one.
 */
export function SearchResults({ tickets, agentId, timeZone }: { tickets: ApiTicket[]; agentId: number; timeZone: string }) {
  const router = useRouter();
  // The same zone on the server and in the browser: the HTML and the hydrated page agree.
  const created = new Intl.DateTimeFormat("sv-SE", { timeZone, dateStyle: "short", timeStyle: "short" });
  const [selected, setSelected] = useState(-1);
  const links = useRef<(HTMLAnchorElement | null)[]>([]);

  const select = (index: number) => {
    const next = Math.min(Math.max(index, 0), tickets.length - 1);
    setSelected(next);
    links.current[next]?.focus();
  };
  useShortcuts({
    j: () => select(selected + 1),
    k: () => select(selected - 1),
    o: () => {
      const ticket = tickets[selected];
      if (ticket) router.push(`/tickets/${ticket.number}`);
    },
  });

  return (
    <table data-testid="search-results" className="w-full border-collapse text-sm">
      <thead className="border-b border-zinc-200 text-left text-xs text-zinc-500 dark:border-zinc-800">
        <tr>
          <th className={cell}>Created</th>
          <th className={cell}>Number</th>
          <th className={`${cell} w-full`}>Title</th>
          <th className={cell}>Queue</th>
          <th className={cell}>State</th>
          <th className={cell}>Lock</th>
          <th className={cell}>Customer</th>
          <th className={cell} title="Priority">Prio</th>
        </tr>
      </thead>
      <tbody>
        {tickets.map((ticket, index) => (
          <tr
            key={ticket.id}
            data-testid="search-row"
            aria-selected={index === selected}
            onClick={() => setSelected(index)}
            className={`border-b border-zinc-100 dark:border-zinc-800 ${index === selected ? "bg-sky-50 dark:bg-sky-950" : "hover:bg-zinc-50 dark:hover:bg-zinc-900"}`}
          >
            <td className={`${cell} whitespace-nowrap text-zinc-500`}>
              <time dateTime={ticket.createdAt} title={`${timeZone} time`} className="tabular-nums">
                {created.format(new Date(ticket.createdAt))}
              </time>
            </td>
            <td className={`${cell} whitespace-nowrap font-mono text-xs`}>
              <Link href={`/tickets/${ticket.number}`} className="hover:underline">
                {ticket.number}
              </Link>
            </td>
            <td className={`${cell} max-w-0`}>
              <Link
                ref={(element) => {
                  links.current[index] = element;
                }}
                href={`/tickets/${ticket.number}`}
                onFocus={() => setSelected(index)}
                className="block truncate font-medium text-sky-800 hover:underline focus:outline-none dark:text-sky-300"
                title={ticket.title}
              >
                {ticket.title}
              </Link>
            </td>
            <td className={`${cell} whitespace-nowrap`}>{ticket.queue.name}</td>
            <td className={`${cell} whitespace-nowrap`}>{ticket.state}</td>
            <td className={`${cell} whitespace-nowrap`}>
              <LockBadge ticket={ticket} agentId={agentId} />
            </td>
            <td className={`${cell} max-w-48 truncate`} title={ticket.customer?.email}>
              {ticket.customer?.name ?? ticket.customer?.email ?? ""}
            </td>
            <td className={`${cell} text-center`}>{ticket.priority}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
