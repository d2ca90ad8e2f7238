"use client";

import { updateAgentAction } from "@/app/(workspace)/admin/agents/actions";
import type { AdminAgent } from "@/server/agents/agent-view";
import type { UpdatedAgent } from "@/server/agents/update-agent";
import { FormMessage } from "./FormMessage";
import { buttonClass, inputClass, labelClass, sectionClass } from "./form-styles";
import { useActionRunner } from "./useActionRunner";

/** Name, email, administrator flag and validity; unchecking "valid" signs the agent out everywhere at once. */
export function AgentEditForm({ agent, isSelf }: { agent: AdminAgent; isSelf: boolean }) {
  const runner = useActionRunner<UpdatedAgent>();
  return (
    <form
      aria-label="Edit agent"
      className={sectionClass}
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        runner.run(() => updateAgentAction(agent.id, data));
      }}
    >
      <h2 className="font-semibold">Details</h2>
      <div className="grid gap-3 sm:grid-cols-2">
        <label className={labelClass}>
          <span>Name</span>
          <input name="name" required defaultValue={agent.name} className={inputClass} />
        </label>
        <label className={labelClass}>
          <span>Email</span>
          <input name="email" type="email" required defaultValue={agent.email} className={inputClass} />
        </label>
      </div>
      <div className="flex gap-6 text-sm">
        <label className="flex items-center gap-2" title={isSelf ? "You cannot take your own administrator rights" : undefined}>
          <input type="checkbox" name="isAdmin" defaultChecked={agent.isAdmin} disabled={isSelf} /> Administrator
          {isSelf && <input type="hidden" name="isAdmin" value="on" />}
        </label>
        <label className="flex items-center gap-2" title={isSelf ? "You cannot invalidate yourself" : "Unchecked: the agent cannot sign in, and is signed out and disconnected at once"}>
          <input type="checkbox" name="valid" defaultChecked={agent.valid} disabled={isSelf} /> Valid
          {isSelf && <input type="hidden" name="valid" value="on" />}
        </label>
      </div>
      <button type="submit" disabled={runner.busy} className={buttonClass}>
        {runner.pending ? "Saving…" : "Save"}
      </button>
      <FormMessage error={runner.error} success={runner.value ? "Saved." : null} testId="agent-edit" />
    </form>
  );
}
