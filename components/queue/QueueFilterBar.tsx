import Link from "next/link";
import type { QueueFilter, QueueSort } from "@/lib/queue-list";
import { queueUrl } from "@/lib/queue-url";

const FILTERS: { value: QueueFilter; label: string; hint: string }[] = [
  { value: "all", label: "All", hint: "every open ticket" },
  { value: "available", label: "Available", hint: "unlocked tickets, free to take" },
];
const SORTS: { value: QueueSort; label: string }[] = [
  { value: "age", label: "Oldest first" },
  { value: "priority", label: "Priority" },
];

function Choice({ href, active, label, title, testId }: { href: string; active: boolean; label: string; title?: string; testId: string }) {
  return (
    <Link
      href={href}
      title={title}
      aria-current={active ? "page" : undefined}
      data-testid={testId}
      className={`px-2 py-0.5 ${active ? "bg-zinc-800 text-white dark:bg-zinc-200 dark:text-zinc-900" : "text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"}`}
    >
      {label}
    </Link>
  );
}

/** The view's filter (all / available) and order (age / priority); each choice starts at the first page. */
export function QueueFilterBar({ queueId, filter, sort }: { queueId: number; filter: QueueFilter; sort: QueueSort }) {
  return (
    <div className="flex items-center gap-3 text-xs">
      <div role="group" aria-label="Filter" className="flex overflow-hidden rounded border border-zinc-300 dark:border-zinc-700">
        {FILTERS.map((choice) => (
          <Choice key={choice.value} href={queueUrl(queueId, { filter: choice.value, sort })} active={filter === choice.value} label={choice.label} title={choice.hint} testId={`filter-${choice.value}`} />
        ))}
      </div>
      <div role="group" aria-label="Sort" className="flex overflow-hidden rounded border border-zinc-300 dark:border-zinc-700">
        {SORTS.map((choice) => (
          <Choice key={choice.value} href={queueUrl(queueId, { filter, sort: choice.value })} active={sort === choice.value} label={choice.label} testId={`sort-${choice.value}`} />
        ))}
      </div>
    </div>
  );
}
