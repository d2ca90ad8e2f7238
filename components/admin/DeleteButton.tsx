"use client";

import { useRouter } from "next/navigation";
import type { ActionResult } from "@/server/api/action-result";
import { FormMessage } from "./FormMessage";
import { useActionRunner } from "./useActionRunner";

/** Deletes something after a confirmation, then goes back to its list. */
export function DeleteButton({ what, remove, back, testId }: { what: string; remove(): Promise<ActionResult<null>>; back: string; testId: string }) {
  const router = useRouter();
  const runner = useActionRunner<null>();
  return (
    <div className="space-y-2">
      <button
        type="button"
        data-testid={testId}
        disabled={runner.busy}
        onClick={() => {
          if (window.confirm(`Delete ${what} for good?`)) runner.run(remove, { refresh: false, onSuccess: () => router.push(back) });
        }}
        className="rounded border border-red-300 px-3 py-1 text-sm text-red-800 hover:bg-red-50 disabled:opacity-50 dark:border-red-800 dark:text-red-200 dark:hover:bg-red-950"
      >
        Delete
      </button>
      <FormMessage error={runner.error} testId={`${testId}-result`} />
    </div>
  );
}
