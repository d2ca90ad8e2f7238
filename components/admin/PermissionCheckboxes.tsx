"use client";

import { useState } from "react";
import type { ActionResult } from "@/server/api/action-result";
import { PERMISSIONS, type Permission } from "@/server/auth/permissions";
import { FormMessage } from "./FormMessage";
import { secondaryButtonClass } from "./form-styles";
import { useActionRunner } from "./useActionRunner";

/**
 * One table row: an agent's seven permission types on one group, saved together. `save` is a
 * server action bound to the agent and the group.
 */
export function PermissionCheckboxes({ label, initial, save, testId }: { label: React.ReactNode; initial: Permission[]; save: (permissions: Permission[]) => Promise<ActionResult<unknown>>; testId: string }) {
  const [chosen, setChosen] = useState<Permission[]>(initial);
  const runner = useActionRunner<unknown>();
  const dirty = chosen.join() !== initial.join();
  return (
    <tr data-testid={testId}>
      <td className="whitespace-nowrap">{label}</td>
      {PERMISSIONS.map((permission) => (
        <td key={permission} className="text-center">
          <input
            type="checkbox"
            aria-label={permission}
            name={permission}
            checked={chosen.includes(permission)}
            disabled={runner.busy}
            onChange={(event) => setChosen(PERMISSIONS.filter((each) => (each === permission ? event.target.checked : chosen.includes(each))))}
          />
        </td>
      ))}
      <td className="space-y-1">
        <button type="button" className={secondaryButtonClass} disabled={runner.busy || !dirty} onClick={() => runner.run(() => save(chosen))}>
          {runner.pending ? "Saving…" : "Save"}
        </button>
        <FormMessage error={runner.error} testId={`${testId}-message`} />
      </td>
    </tr>
  );
}

export function PermissionHeader({ first }: { first: string }) {
  return (
    <tr>
      <th>{first}</th>
      {PERMISSIONS.map((permission) => (
        <th key={permission} className="text-center" title={permission === "rw" ? "rw implies all the others" : undefined}>
          {permission}
        </th>
      ))}
      <th />
    </tr>
  );
}
