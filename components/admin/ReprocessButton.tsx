"use client";

import type { ActionResult } from "@/server/api/action-result";
import type { ProcessResult } from "@/server/mail/inbound/process-inbound-message";
import { FormMessage } from "./FormMessage";
import { buttonClass } from "./form-styles";
import { useActionRunner } from "./useActionRunner";

function outcome(result: ProcessResult): string {
  if (result.status === "processed") return result.outcome === "already_processed" ? "It had been processed meanwhile." : `Processed (${result.outcome.replace(/_/g, " ")}).`;
  if (result.status === "ignored") return `Ignored: ${result.reason}.`;
  return `Failed again: ${result.error}`;
}

/**
 * Runs a failed message through the pipeline once more and says how it went. Stays mounted when
 * the message is no longer failed (the page refreshes), so that the outcome stays in view.
 */
export function ReprocessButton({ failed, reprocess }: { failed: boolean; reprocess(): Promise<ActionResult<ProcessResult>> }) {
  const runner = useActionRunner<ProcessResult>();
  return (
    <div className="space-y-2">
      {failed && (
        <button type="button" className={buttonClass} disabled={runner.busy} onClick={() => runner.run(reprocess)}>
          {runner.pending ? "Reprocessing…" : "Reprocess"}
        </button>
      )}
      <FormMessage error={runner.error ?? (runner.value?.status === "failed" ? { message: outcome(runner.value) } : null)} success={runner.value ? outcome(runner.value) : null} testId="reprocess" />
    </div>
  );
}
