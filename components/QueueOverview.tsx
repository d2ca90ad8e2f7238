import Link from "next/link";
import type { QueueSummary } from "@/server/queues/list-readable-queues";

const COLUMNS = [
  { key: "new", label: "New" },
  { key: "open", label: "Open" },
  { key: "pending", label: "Pending" },
  { key: "locked", label: "Locked" },
] as const;

/** The agent's queues with the counts of their tickets in work; each name opens the queue view. */
export function QueueOverview({ queues }: { queues: QueueSummary[] }) {
  if (queues.length === 0) {
    return <p className="text-sm text-zinc-500">You may not read any queue yet. Ask an administrator to grant you a group.</p>;
  }
  return (
    <table className="w-full table-fixed border-collapse text-sm">
      <colgroup>
        <col className="w-[30%]" />
        <col />
        {COLUMNS.map((column) => (
          <col key={column.key} className="w-20" />
        ))}
      </colgroup>
      <thead>
        <tr className="border-b border-zinc-200 text-left text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800">
          <th className="py-2 pr-4 font-medium">Queue</th>
          <th className="py-2 pr-4 font-medium">Address</th>
          {COLUMNS.map((column) => (
            <th key={column.key} className="py-2 pr-4 text-right font-medium">
              {column.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {queues.map((queue) => (
          <tr key={queue.id} data-testid="queue-row" data-queue-id={queue.id} className="border-b border-zinc-100 dark:border-zinc-800/60">
            <td className="truncate py-2 pr-4 font-medium">
              <Link href={`/queues/${queue.id}`} className="text-sky-800 hover:underline dark:text-sky-300">
                {queue.name}
              </Link>
            </td>
            <td className="max-w-0 truncate py-2 pr-4 text-xs text-zinc-500" title={queue.address ?? undefined}>
              {queue.address ?? "—"}
            </td>
            {COLUMNS.map((column) => (
              <td key={column.key} className="py-2 pr-4 text-right tabular-nums" data-testid={`count-${column.key}`}>
                {queue.counts[column.key]}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
