import Link from "next/link";
import type { OnlineAgent } from "@/server/realtime/event-types";
import type { BoardQueue, BoardTicket } from "@/server/queues/queue-board";
import { TicketAge } from "../TicketAge";

const COUNTS = [
  { key: "new", label: "New" },
  { key: "open", label: "Open" },
  { key: "pending", label: "Pending" },
  { key: "locked", label: "Locked" },
] as const;

const SHOWN_LOCKS = 6;

interface Props {
  queue: BoardQueue;
  locks: BoardTicket[];
  online: OnlineAgent[] | null;
  now: number;
}

/** One queue on the board: its counts, its oldest waiting ticket and age, who holds what, who is online. */
export function QueueTile({ queue, locks, online, now }: Props) {
  return (
    <section data-testid="board-tile" data-queue-id={queue.id} aria-label={queue.name} className="flex flex-col rounded-lg border border-zinc-200 bg-white text-sm dark:border-zinc-800 dark:bg-zinc-900">
      <h2 className="border-b border-zinc-200 px-3 py-2 font-semibold dark:border-zinc-800">
        <Link href={`/queues/${queue.id}`} className="hover:underline">
          {queue.name}
        </Link>
      </h2>
      <dl className="grid grid-cols-4 border-b border-zinc-100 text-center dark:border-zinc-800">
        {COUNTS.map((count) => (
          <div key={count.key} className="px-1 py-1.5">
            <dt className="text-[11px] uppercase tracking-wide text-zinc-500">{count.label}</dt>
            <dd className="text-lg font-semibold tabular-nums" data-testid={`tile-${count.key}`}>
              {queue.counts[count.key]}
            </dd>
          </div>
        ))}
      </dl>
      <div className="space-y-2 px-3 py-2">
        <div data-testid="tile-oldest">
          <span className="text-xs text-zinc-500">Oldest waiting </span>
          {queue.oldest ? (
            <>
              <span className="font-semibold text-amber-700 dark:text-amber-400">
                <TicketAge since={queue.oldest.createdAt} now={now} />
              </span>{" "}
              <Link prefetch={false} href={`/tickets/${queue.oldest.number}`} className="font-mono text-xs text-sky-800 hover:underline dark:text-sky-300">
                {queue.oldest.number}
              </Link>
              <div className="truncate text-xs text-zinc-600 dark:text-zinc-400" title={queue.oldest.title}>
                {queue.oldest.title}
              </div>
            </>
          ) : (
            <span className="text-xs text-zinc-500">none</span>
          )}
        </div>
        <div>
          <div className="text-xs text-zinc-500">Locked</div>
          {locks.length === 0 ? (
            <div className="text-xs text-zinc-500">none</div>
          ) : (
            <ul className="text-xs" data-testid="tile-locks">
              {locks.slice(0, SHOWN_LOCKS).map((ticket) => (
                <li key={ticket.number} className="flex gap-2" data-testid="tile-lock" data-number={ticket.number}>
                  <Link prefetch={false} href={`/tickets/${ticket.number}`} className="font-mono text-sky-800 hover:underline dark:text-sky-300">
                    {ticket.number}
                  </Link>
                  <span className="min-w-0 flex-1 truncate">by {ticket.owner?.name ?? "?"}</span>
                </li>
              ))}
              {locks.length > SHOWN_LOCKS && <li className="text-zinc-500">and {locks.length - SHOWN_LOCKS} more</li>}
            </ul>
          )}
        </div>
        <div>
          <div className="text-xs text-zinc-500">Online</div>
          <div className="flex flex-wrap gap-1 text-xs" data-testid="tile-online">
            {online === null ? (
              <span className="text-zinc-500">…</span>
            ) : online.length === 0 ? (
              <span className="text-zinc-500">nobody</span>
            ) : (
              online.map((agent) => (
                <span key={agent.id} title={agent.login} className="rounded bg-emerald-100 px-1.5 py-0.5 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100">
                  {agent.name}
                </span>
              ))
            )}
          </div>
        </div>
      </div>
    </section>
  );
}
