"use client";

import type { ActionResult } from "@/server/api/action-result";
import type { TestMailResult } from "@/server/system/send-test-mail";
import { FormMessage } from "./FormMessage";
import { buttonClass, inputClass, labelClass } from "./form-styles";
import { useActionRunner } from "./useActionRunner";

/** "Send a test mail" straight through the configured transport; the relay's answer is shown as it came. */
export function TestMailForm({ send, defaultTo }: { send(form: FormData): Promise<ActionResult<TestMailResult>>; defaultTo: string }) {
  const runner = useActionRunner<TestMailResult>();
  const result = runner.value;
  return (
    <form
      aria-label="Send a test mail"
      className="space-y-2"
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        runner.run(() => send(data), { refresh: false });
      }}
    >
      <div className="flex flex-wrap items-end gap-2">
        <label className={`${labelClass} w-80`}>
          <span>Send a test mail to</span>
          <input name="to" type="email" required defaultValue={defaultTo} className={inputClass} />
        </label>
        <button type="submit" disabled={runner.busy} className={buttonClass}>
          {runner.pending ? "Sending…" : "Send test mail"}
        </button>
      </div>
      <FormMessage
        error={runner.error ?? (result && !result.ok ? { message: `Not sent: ${result.error}` } : null)}
        success={result?.ok ? `Sent via ${result.via} as ${result.messageId}.` : null}
        testId="test-mail"
      />
    </form>
  );
}
