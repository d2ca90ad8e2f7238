"use client";

import { useRouter } from "next/navigation";
import type { ActionResult } from "@/server/api/action-result";
import type { AdminQueue } from "@/server/queues/list-admin-queues";
import { FormMessage } from "./FormMessage";
import { secondaryButtonClass, sectionClass } from "./form-styles";
import { useActionRunner } from "./useActionRunner";

const dangerClass = "rounded border border-red-300 px-3 py-1 text-sm text-red-800 hover:bg-red-50 disabled:opacity-50 dark:border-red-800 dark:text-red-200 dark:hover:bg-red-950";

/**
 * Taking a queue out of use. A queue that holds tickets can only be invalidated (its tickets
 * keep it); deleting is offered only for a queue that is empty, and the server checks again.
 */
export function QueueRemoval({
  queue,
  invalidate,
  restore,
  remove,
}: {
  queue: AdminQueue;
  invalidate(): Promise<ActionResult<AdminQueue>>;
  restore(): Promise<ActionResult<AdminQueue>>;
  remove(): Promise<ActionResult<null>>;
}) {
  const router = useRouter();
  const runner = useActionRunner<unknown>();
  if (queue.catchAll) {
    return <p className="text-sm text-zinc-500">{queue.name} receives the mail no other queue claims: it can be neither invalidated nor deleted.</p>;
  }
  return (
    <section className={sectionClass} aria-label="Remove queue">
      <h2 className="font-semibold">Take out of use</h2>
      <div className="flex flex-wrap items-center gap-3">
        {queue.valid ? (
          <button type="button" className={secondaryButtonClass} disabled={runner.busy} onClick={() => runner.run(invalidate)}>
            Invalidate
          </button>
        ) : (
          <button type="button" className={secondaryButtonClass} disabled={runner.busy} onClick={() => runner.run(restore)}>
            Make valid again
          </button>
        )}
        {queue.tickets === 0 ? (
          <button
            type="button"
            className={dangerClass}
            disabled={runner.busy}
            onClick={() => {
              if (window.confirm(`Delete the queue ${queue.name} for good?`)) runner.run(remove, { refresh: false, onSuccess: () => router.push("/admin/queues") });
            }}
          >
            Delete
          </button>
        ) : (
          <span className="text-sm text-zinc-500" data-testid="queue-delete-refused">
            It holds {queue.tickets} ticket{queue.tickets === 1 ? "" : "s"}: a queue that holds tickets cannot be deleted, only invalidated.
          </span>
        )}
      </div>
      <FormMessage error={runner.error} testId="queue-removal" />
    </section>
  );
}
