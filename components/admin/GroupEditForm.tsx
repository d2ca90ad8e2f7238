"use client";

import { updateGroupAction } from "@/app/(workspace)/admin/groups/actions";
import type { UpdatedGroup } from "@/server/groups/update-group";
import { FormMessage } from "./FormMessage";
import { buttonClass, inputClass, labelClass, sectionClass } from "./form-styles";
import { useActionRunner } from "./useActionRunner";

/** Rename, or invalidate: an invalid group grants nothing, and its members leave its queues at once. */
export function GroupEditForm({ group }: { group: { id: number; name: string; valid: boolean } }) {
  const runner = useActionRunner<UpdatedGroup>();
  return (
    <form
      aria-label="Edit group"
      className={sectionClass}
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        runner.run(() => updateGroupAction(group.id, data));
      }}
    >
      <label className={labelClass}>
        <span>Name</span>
        <input name="name" required defaultValue={group.name} className={inputClass} />
      </label>
      <label className="flex items-center gap-2 text-sm" title="Unchecked: the group grants nothing to anyone">
        <input type="checkbox" name="valid" defaultChecked={group.valid} /> Valid
      </label>
      <button type="submit" disabled={runner.busy} className={buttonClass}>
        {runner.pending ? "Saving…" : "Save"}
      </button>
      <FormMessage error={runner.error} success={runner.value ? "Saved." : null} testId="group-edit" />
    </form>
  );
}
