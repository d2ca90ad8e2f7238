"use client";

import type { ActionResult } from "@/server/api/action-result";
import { FormMessage } from "./FormMessage";
import { secondaryButtonClass } from "./form-styles";
import { useActionRunner } from "./useActionRunner";

/** Gives failed outbound mail a fresh run of attempts; the outbox worker picks it up at once. */
export function RetryButton({ retry, label, testId }: { retry(): Promise<ActionResult<{ retried: number }>>; label: string; testId: string }) {
  const runner = useActionRunner<{ retried: number }>();
  return (
    <span className="inline-flex flex-col gap-1">
      <button type="button" data-testid={testId} className={secondaryButtonClass} disabled={runner.busy} onClick={() => runner.run(retry)}>
        {runner.pending ? "Retrying…" : label}
      </button>
      <FormMessage error={runner.error} success={runner.value ? `${runner.value.retried} queued again.` : null} testId={`${testId}-result`} />
    </span>
  );
}
