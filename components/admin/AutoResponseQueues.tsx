"use client";

import type { ActionResult } from "@/server/api/action-result";
import type { AdminAutoResponse } from "@/server/auto-responses/auto-response-settings";
import { FormMessage } from "./FormMessage";
import { buttonClass, sectionClass } from "./form-styles";
import { QueueCheckboxes } from "./QueueCheckboxes";
import { useActionRunner } from "./useActionRunner";

/** Which queues send this response; checking a queue replaces the response of this type it sent before. */
export function AutoResponseQueues({ response, queues, save }: { response: AdminAutoResponse; queues: { id: number; name: string; valid: boolean }[]; save(form: FormData): Promise<ActionResult<AdminAutoResponse>> }) {
  const runner = useActionRunner<AdminAutoResponse>();
  return (
    <form
      aria-label="Queues"
      className={sectionClass}
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        runner.run(() => save(data));
      }}
    >
      <QueueCheckboxes name="queues" legend={`Sent by the queues (as their ${response.type} response)`} queues={queues} checked={response.queues.map((queue) => queue.id)} />
      <button type="submit" disabled={runner.busy} className={buttonClass}>
        {runner.pending ? "Saving…" : "Save queues"}
      </button>
      <FormMessage error={runner.error} success={runner.value ? "Saved." : null} testId="auto-response-queues" />
    </form>
  );
}
