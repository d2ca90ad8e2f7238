"use client";

import { useRef } from "react";
import { resetPasswordAction } from "@/app/(workspace)/admin/agents/actions";
import { FormMessage } from "./FormMessage";
import { inputClass, labelClass, secondaryButtonClass, sectionClass } from "./form-styles";
import { useActionRunner } from "./useActionRunner";

/** Sets a new password or generates one (shown once); the agent is signed out everywhere. */
export function AgentPasswordReset({ agentId, minPasswordLength }: { agentId: number; minPasswordLength: number }) {
  const runner = useActionRunner<{ generatedPassword: string | null }>();
  const form = useRef<HTMLFormElement>(null);
  const generated = runner.value?.generatedPassword;
  return (
    <form
      ref={form}
      aria-label="Reset password"
      className={sectionClass}
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        runner.run(() => resetPasswordAction(agentId, data), { onSuccess: () => form.current?.reset() });
      }}
    >
      <h2 className="font-semibold">Reset password</h2>
      <label className={labelClass}>
        <span>New password (empty: generate one)</span>
        <input name="password" type="password" autoComplete="new-password" minLength={minPasswordLength} className={inputClass} />
      </label>
      <button type="submit" disabled={runner.busy} className={secondaryButtonClass}>
        {runner.pending ? "Resetting…" : "Reset password"}
      </button>
      <FormMessage error={runner.error} success={runner.value && !generated ? "Password set; the agent was signed out." : null} testId="agent-password" />
      {generated && (
        <p role="status" data-testid="agent-password-generated" className="text-sm">
          New password, shown once: <code className="rounded bg-zinc-100 px-1 font-mono dark:bg-zinc-800">{generated}</code>
        </p>
      )}
    </form>
  );
}
