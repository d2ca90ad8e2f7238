"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ActionResult } from "@/server/api/action-result";
import type { AdminFilter } from "@/server/mail/filters/filter-settings";
import { CheckboxField } from "./CheckboxField";
import { FormMessage } from "./FormMessage";
import { buttonClass, inputClass, labelClass, secondaryButtonClass, sectionClass } from "./form-styles";
import { useActionRunner } from "./useActionRunner";

interface Rule {
  key: number;
  header: string;
  pattern: string;
  negate: boolean;
}

let nextKey = 0;
const rule = (match: Partial<Rule> = {}): Rule => ({ key: nextKey++, header: match.header ?? "", pattern: match.pattern ?? "", negate: match.negate ?? false });

/**
 * A postmaster filter: header rules (all must match; patterns are regular expressions,
 * case-insensitive, checked when saved) and what a match does.
 */
export function FilterForm({ filter, queues, save }: { filter?: AdminFilter; queues: string[]; save(form: FormData): Promise<ActionResult<AdminFilter>> }) {
  const router = useRouter();
  const runner = useActionRunner<AdminFilter>();
  const [rules, setRules] = useState<Rule[]>(() => (filter?.matches ?? [{ header: "", pattern: "" }]).map(rule));
  const creating = filter === undefined;
  return (
    <form
      aria-label={creating ? "New filter" : "Edit filter"}
      className={sectionClass}
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        runner.run(() => save(data), { onSuccess: (saved) => (creating ? router.push(`/admin/filters/${saved.id}`) : undefined) });
      }}
    >
      <label className={labelClass}>
        <span>Name</span>
        <input name="name" required defaultValue={filter?.name} className={inputClass} />
      </label>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">When every rule matches (a header name, or Body for the text)</legend>
        {rules.map((current, index) => (
          <div key={current.key} className="grid items-center gap-2 sm:grid-cols-[12rem_1fr_auto_auto]" data-testid="filter-rule">
            <input aria-label={`Header ${index + 1}`} name={`matches.${index}.header`} required defaultValue={current.header} placeholder="X-Spam-Flag" className={`${inputClass} font-mono`} />
            <input aria-label={`Pattern ${index + 1}`} name={`matches.${index}.pattern`} required defaultValue={current.pattern} placeholder="^\s*yes" className={`${inputClass} font-mono`} />
            <label className="flex items-center gap-1 text-sm">
              <input type="checkbox" name={`matches.${index}.negate`} defaultChecked={current.negate} /> does not match
            </label>
            <button type="button" className={secondaryButtonClass} disabled={rules.length === 1} onClick={() => setRules(rules.filter((each) => each.key !== current.key))}>
              Remove
            </button>
          </div>
        ))}
        <button type="button" className={secondaryButtonClass} onClick={() => setRules([...rules, rule()])}>
          Add rule
        </button>
      </fieldset>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Then</legend>
        <div className="grid gap-3 sm:grid-cols-2">
          <label className={labelClass}>
            <span>Put it in the queue</span>
            <select name="actions.queue" defaultValue={filter?.actions.queue ?? ""} className={inputClass}>
              <option value="">(as routed)</option>
              {queues.map((queue) => (
                <option key={queue} value={queue}>
                  {queue}
                </option>
              ))}
            </select>
          </label>
          <label className={labelClass}>
            <span>Set the priority</span>
            <select name="actions.priority" defaultValue={filter?.actions.priority ?? ""} className={inputClass}>
              <option value="">(unchanged)</option>
              {[1, 2, 3, 4, 5].map((priority) => (
                <option key={priority} value={priority}>
                  {priority}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="flex flex-wrap gap-6 text-sm">
          <label className="flex items-center gap-2">
            <input type="checkbox" name="actions.ignore" defaultChecked={filter?.actions.ignore ?? false} /> Ignore the message (no ticket)
          </label>
          <label className="flex items-center gap-2">
            <input type="checkbox" name="actions.noAutoResponse" defaultChecked={filter?.actions.noAutoResponse ?? false} /> No auto response
          </label>
        </div>
      </fieldset>
      <div className="flex flex-wrap gap-6">
        <CheckboxField name="stop" label="Stop: no later filter runs after this one matched" defaultChecked={filter?.stop ?? false} />
        <CheckboxField name="valid" label="Valid" defaultChecked={filter?.valid ?? true} />
      </div>
      <button type="submit" disabled={runner.busy} className={buttonClass}>
        {runner.pending ? "Saving…" : creating ? "Create filter" : "Save"}
      </button>
      <FormMessage error={runner.error} success={runner.value ? "Saved." : null} testId="filter" />
    </form>
  );
}
