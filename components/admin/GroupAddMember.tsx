"use client";

import { useState } from "react";
import { setPermissionsAction } from "@/app/(workspace)/admin/agents/actions";
import { PERMISSIONS, type Permission } from "@/server/auth/permissions";
import { FormMessage } from "./FormMessage";
import { buttonClass, inputClass, sectionClass } from "./form-styles";
import { useActionRunner } from "./useActionRunner";

/** Gives an agent who holds nothing on the group yet a set of permission types on it. */
export function GroupAddMember({ groupId, candidates }: { groupId: number; candidates: { id: number; login: string; name: string }[] }) {
  const runner = useActionRunner<unknown>();
  const [agentId, setAgentId] = useState("");
  const [chosen, setChosen] = useState<Permission[]>(["rw"]);
  return (
    <form
      aria-label="Add member"
      className={sectionClass}
      onSubmit={(event) => {
        event.preventDefault();
        runner.run(() => setPermissionsAction(Number(agentId), groupId, chosen), { onSuccess: () => setAgentId("") });
      }}
    >
      <h2 className="font-semibold">Add a member</h2>
      <select aria-label="Agent" required value={agentId} onChange={(event) => setAgentId(event.target.value)} className={inputClass}>
        <option value="">— choose an agent —</option>
        {candidates.map((agent) => (
          <option key={agent.id} value={agent.id}>
            {agent.name} ({agent.login})
          </option>
        ))}
      </select>
      <div className="flex flex-wrap gap-4 text-sm">
        {PERMISSIONS.map((permission) => (
          <label key={permission} className="flex items-center gap-1">
            <input
              type="checkbox"
              checked={chosen.includes(permission)}
              onChange={(event) => setChosen(PERMISSIONS.filter((each) => (each === permission ? event.target.checked : chosen.includes(each))))}
            />
            {permission}
          </label>
        ))}
      </div>
      <button type="submit" disabled={runner.busy || agentId === "" || chosen.length === 0} className={buttonClass}>
        {runner.pending ? "Adding…" : "Add member"}
      </button>
      <FormMessage error={runner.error} testId="group-add-member" />
    </form>
  );
}
