import Link from "next/link";
import type { OnlineAgent } from "@/server/realtime/event-types";
import type { BoardTicket } from "@/server/queues/queue-board";

/** Everyone connected who shares a queue with the supervisor, with the tickets each of them holds. */
export function OnlineAgents({ agents, locks, agentId }: { agents: OnlineAgent[] | null; locks: BoardTicket[]; agentId: number }) {
  return (
    <section aria-label="Agents online" data-testid="agents-online" className="rounded-lg border border-zinc-200 bg-white text-sm dark:border-zinc-800 dark:bg-zinc-900">
      <h2 className="flex items-center justify-between border-b border-zinc-200 px-3 py-2 font-semibold dark:border-zinc-800">
        Agents online
        <span className="rounded-full bg-zinc-100 px-2 text-xs font-medium tabular-nums text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">{agents?.length ?? "–"}</span>
      </h2>
      {agents === null ? (
        <p className="px-3 py-2 text-zinc-500">Connecting…</p>
      ) : (
        <ul>
          {agents.map((agent) => {
            const held = locks.filter((ticket) => ticket.owner?.id === agent.id);
            return (
              <li key={agent.id} data-testid="online-agent" data-login={agent.login} className="border-b border-zinc-100 px-3 py-1.5 last:border-b-0 dark:border-zinc-800/70">
                <div className="flex items-center gap-2">
                  <span aria-hidden className="h-2 w-2 rounded-full bg-emerald-500" />
                  <span className="font-medium">{agent.name}</span>
                  {agent.id === agentId && <span className="text-xs text-zinc-500">(you)</span>}
                  <span className="ml-auto text-xs tabular-nums text-zinc-500">{held.length === 1 ? "1 locked" : `${held.length} locked`}</span>
                </div>
                {held.length > 0 && (
                  <div className="mt-0.5 flex flex-wrap gap-x-2 pl-4 text-xs">
                    {held.slice(0, 8).map((ticket) => (
                      <Link key={ticket.number} prefetch={false} href={`/tickets/${ticket.number}`} title={ticket.title} className="font-mono text-sky-800 hover:underline dark:text-sky-300">
                        {ticket.number}
                      </Link>
                    ))}
                    {held.length > 8 && <span className="text-zinc-500">+{held.length - 8}</span>}
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
