"use client";

import Link from "next/link";
import { useRef } from "react";
import { createGroupAction } from "@/app/(workspace)/admin/groups/actions";
import { FormMessage } from "./FormMessage";
import { buttonClass, inputClass, labelClass, sectionClass } from "./form-styles";
import { useActionRunner } from "./useActionRunner";

export function GroupCreateForm() {
  const runner = useActionRunner<{ id: number; name: string }>();
  const form = useRef<HTMLFormElement>(null);
  return (
    <form
      ref={form}
      aria-label="New group"
      className={sectionClass}
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        runner.run(() => createGroupAction(data), { onSuccess: () => form.current?.reset() });
      }}
    >
      <h2 className="font-semibold">New group</h2>
      <label className={labelClass}>
        <span>Name</span>
        <input name="name" required className={inputClass} />
      </label>
      <button type="submit" disabled={runner.busy} className={buttonClass}>
        {runner.pending ? "Creating…" : "Create group"}
      </button>
      <FormMessage error={runner.error} testId="group-create" />
      {runner.value && (
        <p role="status" data-testid="group-created" className="text-sm">
          Group <Link href={`/admin/groups/${runner.value.id}`} className="font-medium underline">{runner.value.name}</Link> created.
        </p>
      )}
    </form>
  );
}
