"use client";

import Link from "next/link";
import { useRef } from "react";
import type { ActionResult } from "@/server/api/action-result";
import type { AdminAutoResponse } from "@/server/auto-responses/auto-response-settings";
import type { AdminQueue } from "@/server/queues/list-admin-queues";
import { CheckboxField } from "./CheckboxField";
import { FormMessage } from "./FormMessage";
import { buttonClass, inputClass, labelClass, sectionClass } from "./form-styles";
import { useActionRunner } from "./useActionRunner";

const POLICIES = [
  { value: "possible", label: "possible: a follow-up reopens the ticket" },
  { value: "reject", label: "reject: keep it and send the auto reject" },
  { value: "new_ticket", label: "new ticket: open a linked new ticket" },
] as const;

const RESPONSE_TYPES = [
  { type: "reply", label: "Auto reply (new ticket)" },
  { type: "reject", label: "Auto reject (follow-up to a closed ticket, rejected)" },
  { type: "follow_up", label: "Auto follow-up (follow-up accepted)" },
  { type: "reply_new_ticket", label: "Auto reply/new ticket (follow-up became a new ticket)" },
] as const;

export interface QueueFormProps {
  queue?: AdminQueue;
  groups: { id: number; name: string; valid: boolean }[];
  autoResponses: Pick<AdminAutoResponse, "id" | "name" | "type" | "valid">[];
  save(form: FormData): Promise<ActionResult<AdminQueue>>;
}

/** OTRS's queue screen: a new queue (without `queue`) or every setting of an existing one. */
export function QueueForm({ queue, groups, autoResponses, save }: QueueFormProps) {
  const runner = useActionRunner<AdminQueue>();
  const form = useRef<HTMLFormElement>(null);
  const creating = queue === undefined;
  return (
    <form
      ref={form}
      aria-label={creating ? "New queue" : "Edit queue"}
      className={sectionClass}
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        runner.run(() => save(data), { onSuccess: () => creating && form.current?.reset() });
      }}
    >
      <h2 className="font-semibold">{creating ? "New queue" : "Settings"}</h2>
      <div className="grid gap-3 sm:grid-cols-2">
        <label className={labelClass}>
          <span>Name</span>
          <input name="name" required defaultValue={queue?.name} className={inputClass} />
        </label>
        <label className={labelClass}>
          <span>Group (who may work it)</span>
          <select name="group" required defaultValue={queue?.group.id ?? ""} className={inputClass}>
            <option value="" disabled>
              Choose a group…
            </option>
            {groups.map((group) => (
              <option key={group.id} value={group.id}>
                {group.name}
                {group.valid ? "" : " (invalid)"}
              </option>
            ))}
          </select>
        </label>
        <label className={labelClass}>
          <span>System address (mail arrives here, replies leave from it; empty: none)</span>
          <input name="address" type="email" defaultValue={queue?.address ?? ""} placeholder="support@example.com" className={inputClass} />
        </label>
        <label className={labelClass}>
          <span>Unlock timeout, minutes (0: off)</span>
          <input name="unlockTimeoutMinutes" type="number" min={0} defaultValue={queue?.unlockTimeoutMinutes ?? 0} className={inputClass} />
        </label>
        <label className={labelClass}>
          <span>Follow-up to a closed ticket</span>
          <select name="followUpPolicy" defaultValue={queue?.followUpPolicy ?? "possible"} className={inputClass}>
            {POLICIES.map((policy) => (
              <option key={policy.value} value={policy.value}>
                {policy.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="flex flex-wrap gap-6">
        <CheckboxField name="followUpLock" label="Follow-up lock (a reopened ticket is locked to its previous owner)" defaultChecked={queue?.followUpLock ?? false} />
        <CheckboxField name="autoResponsesEnabled" label="Sends auto responses" defaultChecked={queue?.autoResponsesEnabled ?? true} />
        {!creating && <CheckboxField name="valid" label="Valid" defaultChecked={queue.valid} title={queue.catchAll ? "The catch-all queue always stays valid" : undefined} />}
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <label className={labelClass}>
          <span>Salutation (placeholders allowed)</span>
          <textarea name="salutation" rows={3} defaultValue={queue?.salutation ?? ""} placeholder="Dear {{customer.name}}," className={`${inputClass} font-mono`} />
        </label>
        <label className={labelClass}>
          <span>Signature (placeholders allowed)</span>
          <textarea name="signature" rows={3} defaultValue={queue?.signature ?? ""} placeholder={"-- \n{{agent.name}}, {{queue.name}}"} className={`${inputClass} font-mono`} />
        </label>
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Auto responses</legend>
        <div className="grid gap-3 sm:grid-cols-2">
          {RESPONSE_TYPES.map(({ type, label }) => (
            <label key={type} className={labelClass}>
              <span>{label}</span>
              <select name={`autoResponses.${type}`} defaultValue={queue?.autoResponses[type] ?? ""} className={inputClass}>
                <option value="">none</option>
                {autoResponses
                  .filter((response) => response.type === type)
                  .map((response) => (
                    <option key={response.id} value={response.id}>
                      {response.name}
                      {response.valid ? "" : " (invalid)"}
                    </option>
                  ))}
              </select>
            </label>
          ))}
        </div>
      </fieldset>
      <button type="submit" disabled={runner.busy} className={buttonClass}>
        {runner.pending ? "Saving…" : creating ? "Create queue" : "Save"}
      </button>
      <FormMessage error={runner.error} success={runner.value && !creating ? "Saved." : null} testId={creating ? "queue-create" : "queue-edit"} />
      {runner.value && creating && (
        <p role="status" data-testid="queue-created" className="text-sm">
          Queue{" "}
          <Link href={`/admin/queues/${runner.value.id}`} className="font-medium underline">
            {runner.value.name}
          </Link>{" "}
          created.
        </p>
      )}
    </form>
  );
}
