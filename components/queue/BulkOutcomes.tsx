"use client";

import Link from "next/link";
import type { BulkOutcome } from "@/app/(workspace)/queues/[id]/actions";

/** What a bulk action did: how many succeeded, and each refusal with the server's reason. */
export function BulkOutcomes({ verb, outcomes, onDismiss }: { verb: string; outcomes: BulkOutcome[]; onDismiss: () => void }) {
  const done = outcomes.filter((outcome) => outcome.ok).length;
  const refused = outcomes.filter((outcome): outcome is Extract<BulkOutcome, { ok: false }> => !outcome.ok);
  return (
    <div role="status" data-testid="bulk-outcomes" className={`rounded border px-3 py-2 text-sm ${refused.length > 0 ? "border-amber-300 bg-amber-50 dark:border-amber-800 dark:bg-amber-950/50" : "border-emerald-300 bg-emerald-50 dark:border-emerald-800 dark:bg-emerald-950/50"}`}>
      <div className="flex items-start justify-between gap-4">
        <p>
          {done} of {outcomes.length} {verb}.
          {refused.length > 0 && ` ${refused.length} refused:`}
        </p>
        <button type="button" onClick={onDismiss} className="text-xs text-zinc-500 hover:underline">
          Dismiss
        </button>
      </div>
      {refused.length > 0 && (
        <ul className="mt-1 space-y-0.5 text-xs">
          {refused.map((outcome) => (
            <li key={outcome.number} data-testid="bulk-refusal">
              <Link prefetch={false} href={`/tickets/${outcome.number}`} className="font-mono hover:underline">
                {outcome.number}
              </Link>{" "}
              {outcome.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
