"use client";

import { useRouter } from "next/navigation";
import type { ActionResult } from "@/server/api/action-result";
import type { AdminTemplate } from "@/server/templates/template-settings";
import type { TemplatePreview } from "@/server/templates/preview-template";
import { CheckboxField } from "./CheckboxField";
import { FormMessage } from "./FormMessage";
import { buttonClass, inputClass, labelClass, sectionClass } from "./form-styles";
import { PlaceholderEditor, type PreviewRequest } from "./PlaceholderEditor";
import { QueueCheckboxes } from "./QueueCheckboxes";
import { useActionRunner } from "./useActionRunner";

const KINDS = ["answer", "create", "email", "forward", "note", "phone", "snippet"] as const;

export interface TemplateFormProps {
  template?: AdminTemplate;
  queues: { id: number; name: string; valid: boolean }[];
  save(form: FormData): Promise<ActionResult<AdminTemplate>>;
  preview(request: PreviewRequest): Promise<ActionResult<TemplatePreview>>;
}

/** A response template: its name, kind, text (placeholders listed, previewed live) and the queues that offer it. */
export function TemplateForm({ template, queues, save, preview }: TemplateFormProps) {
  const router = useRouter();
  const runner = useActionRunner<AdminTemplate>();
  const creating = template === undefined;
  return (
    <form
      aria-label={creating ? "New template" : "Edit template"}
      className={sectionClass}
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        runner.run(() => save(data), { onSuccess: (saved) => creating && router.push(`/admin/templates/${saved.id}`) });
      }}
    >
      <div className="grid gap-3 sm:grid-cols-[1fr_12rem]">
        <label className={labelClass}>
          <span>Name</span>
          <input name="name" required defaultValue={template?.name} className={inputClass} />
        </label>
        <label className={labelClass}>
          <span>Kind</span>
          <select name="kind" defaultValue={template?.kind ?? "answer"} className={inputClass}>
            {KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {kind}
              </option>
            ))}
          </select>
        </label>
      </div>
      <PlaceholderEditor initialBody={template?.body ?? ""} as="agent" preview={preview} />
      <QueueCheckboxes name="queues" legend="Offered in the queues" queues={queues} checked={template?.queues.map((queue) => queue.id) ?? []} />
      <CheckboxField name="valid" label="Valid (offered to agents)" defaultChecked={template?.valid ?? true} />
      <button type="submit" disabled={runner.busy} className={buttonClass}>
        {runner.pending ? "Saving…" : creating ? "Create template" : "Save"}
      </button>
      <FormMessage error={runner.error} success={runner.value ? "Saved." : null} testId="template" />
    </form>
  );
}
