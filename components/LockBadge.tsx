import type { ApiTicket } from "@/server/tickets/ticket-view";

/** Unmistakable: who holds the ticket's lock, or that it is free to take. */
export function LockBadge({ ticket, agentId }: { ticket: Pick<ApiTicket, "lock" | "owner">; agentId: number }) {
  if (ticket.lock !== "locked" || !ticket.owner) {
    return <span className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">unlocked</span>;
  }
  const mine = ticket.owner.id === agentId;
  return (
    <span data-testid="lock-badge" className={`rounded px-1.5 py-0.5 text-xs font-medium ${mine ? "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100" : "bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100"}`}>
      <svg aria-hidden viewBox="0 0 16 16" className="mr-1 inline h-3 w-3 fill-current">
        <path d="M4 7V5a4 4 0 1 1 8 0v2h1v8H3V7h1Zm2 0h4V5a2 2 0 1 0-4 0v2Z" />
      </svg>
      {mine ? "Locked by you" : `Locked by ${ticket.owner.name}`}
    </span>
  );
}
