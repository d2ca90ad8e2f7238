"use client";

import { useRouter } from "next/navigation";
import type { ActionResult } from "@/server/api/action-result";
import type { AdminAutoResponse } from "@/server/auto-responses/auto-response-settings";
import type { TemplatePreview } from "@/server/templates/preview-template";
import { CheckboxField } from "./CheckboxField";
import { FormMessage } from "./FormMessage";
import { buttonClass, inputClass, labelClass, sectionClass } from "./form-styles";
import { PlaceholderEditor, type PreviewRequest } from "./PlaceholderEditor";
import { useActionRunner } from "./useActionRunner";

const AUTO_RESPONSE_TYPES = [
  { type: "reply", label: "reply: a new ticket was created" },
  { type: "reject", label: "reject: a follow-up to a closed ticket was rejected" },
  { type: "follow_up", label: "follow-up: a follow-up was added" },
  { type: "reply_new_ticket", label: "reply/new ticket: a follow-up became a new ticket" },
] as const;

/** An auto response: name, type, subject and text (placeholders listed; the preview speaks as the queue). */
export function AutoResponseForm({ response, save, preview }: { response?: AdminAutoResponse; save(form: FormData): Promise<ActionResult<AdminAutoResponse>>; preview(request: PreviewRequest): Promise<ActionResult<TemplatePreview>> }) {
  const router = useRouter();
  const runner = useActionRunner<AdminAutoResponse>();
  const creating = response === undefined;
  return (
    <form
      aria-label={creating ? "New auto response" : "Edit auto response"}
      className={sectionClass}
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        runner.run(() => save(data), { onSuccess: (saved) => creating && router.push(`/admin/auto-responses/${saved.id}`) });
      }}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <label className={labelClass}>
          <span>Name</span>
          <input name="name" required defaultValue={response?.name} className={inputClass} />
        </label>
        <label className={labelClass}>
          <span>Type</span>
          <select name="type" defaultValue={response?.type ?? "reply"} className={inputClass}>
            {AUTO_RESPONSE_TYPES.map(({ type, label }) => (
              <option key={type} value={type}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <PlaceholderEditor initialBody={response?.body ?? ""} initialSubject={response?.subject ?? "Re: {{article.subject}}"} as="queue" preview={preview} />
      <CheckboxField name="valid" label="Valid (sent by the queues it is linked to)" defaultChecked={response?.valid ?? true} />
      <button type="submit" disabled={runner.busy} className={buttonClass}>
        {runner.pending ? "Saving…" : creating ? "Create auto response" : "Save"}
      </button>
      <FormMessage error={runner.error} success={runner.value ? "Saved." : null} testId="auto-response" />
    </form>
  );
}
