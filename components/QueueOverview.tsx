import type { QueueSummary } from "@/server/queues/list-readable-queues";

const COLUMNS = [
  { key: "new", label: "New" },
  { key: "open", label: "Open" },
  { key: "pending", label: "Pending" },
  { key: "locked", label: "Locked" },
] as const;

export function QueueOverview({ queues }: { queues: QueueSummary[] }) {
  if (queues.length === 0) {
    return <p className="text-sm text-zinc-500">You may not read any queue yet. Ask an administrator to grant you a group.</p>;
  }
  return (
    <table className="w-full border-collapse text-sm">
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
          <tr key={queue.id} data-testid="queue-row" className="border-b border-zinc-100 dark:border-zinc-800/60">
            <td className="py-2 pr-4 font-medium">{queue.name}</td>
            <td className="py-2 pr-4 text-zinc-500">{queue.address ?? "—"}</td>
            {COLUMNS.map((column) => (
              <td key={column.key} className="py-2 pr-4 text-right tabular-nums">
                {queue.counts[column.key]}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
