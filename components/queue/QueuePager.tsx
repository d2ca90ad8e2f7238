import Link from "next/link";
import type { QueueFilter, QueueSort } from "@/lib/queue-list";
import { queueUrl } from "@/lib/queue-url";

interface Props {
  queueId: number;
  filter: QueueFilter;
  sort: QueueSort;
  prevCursor: string | null;
  nextCursor: string | null;
}

const LINK = "rounded border border-zinc-300 px-2 py-0.5 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800";
const DISABLED = "rounded border border-zinc-200 px-2 py-0.5 text-zinc-400 dark:border-zinc-800 dark:text-zinc-600";

/** First / previous / next page, by keys: a page stays the same however many tickets lie before it. */
export function QueuePager({ queueId, filter, sort, prevCursor, nextCursor }: Props) {
  return (
    <nav aria-label="Pages" className="flex items-center gap-2 text-xs">
      {prevCursor ? (
        <>
          <Link href={queueUrl(queueId, { filter, sort })} className={LINK} data-testid="page-first">
            First
          </Link>
          <Link href={queueUrl(queueId, { filter, sort, before: prevCursor })} className={LINK} data-testid="page-prev" rel="prev">
            Previous
          </Link>
        </>
      ) : (
        <span className={DISABLED}>Previous</span>
      )}
      {nextCursor ? (
        <Link href={queueUrl(queueId, { filter, sort, cursor: nextCursor })} className={LINK} data-testid="page-next" rel="next">
          Next
        </Link>
      ) : (
        <span className={DISABLED}>Next</span>
      )}
    </nav>
  );
}
