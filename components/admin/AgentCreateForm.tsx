"use client";

import Link from "next/link";
import { useRef } from "react";
import { createAgentAction } from "@/app/(workspace)/admin/agents/actions";
import type { AddedAgent } from "@/server/agents/add-agent";
import { FormMessage } from "./FormMessage";
import { buttonClass, inputClass, labelClass, sectionClass } from "./form-styles";
import { useActionRunner } from "./useActionRunner";

/** Creates an agent; a password left empty is generated and shown here once. */
export function AgentCreateForm({ minPasswordLength }: { minPasswordLength: number }) {
  const runner = useActionRunner<AddedAgent>();
  const form = useRef<HTMLFormElement>(null);
  const added = runner.value;
  return (
    <form
      ref={form}
      aria-label="New agent"
      className={sectionClass}
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        runner.run(() => createAgentAction(data), { onSuccess: () => form.current?.reset() });
      }}
    >
      <h2 className="font-semibold">New agent</h2>
      <div className="grid gap-3 sm:grid-cols-2">
        <label className={labelClass}>
          <span>Login</span>
          <input name="login" required autoComplete="off" className={inputClass} />
        </label>
        <label className={labelClass}>
          <span>Name</span>
          <input name="name" required className={inputClass} />
        </label>
        <label className={labelClass}>
          <span>Email</span>
          <input name="email" type="email" required className={inputClass} />
        </label>
        <label className={labelClass}>
          <span>Password (empty: generate one)</span>
          <input name="password" type="password" autoComplete="new-password" minLength={minPasswordLength} className={inputClass} />
        </label>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="isAdmin" /> Administrator
      </label>
      <button type="submit" disabled={runner.busy} className={buttonClass}>
        {runner.pending ? "Creating…" : "Create agent"}
      </button>
      <FormMessage error={runner.error} testId="agent-create" />
      {added && (
        <div role="status" data-testid="agent-created" className="rounded bg-emerald-50 px-2 py-1 text-sm text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100">
          Agent <Link className="font-medium underline" href={`/admin/agents/${added.id}`}>{added.login}</Link> created.
          {added.generatedPassword && (
            <>
              {" "}Their password, shown once: <code data-testid="generated-password" className="rounded bg-white px-1 font-mono dark:bg-zinc-900">{added.generatedPassword}</code>
            </>
          )}
        </div>
      )}
    </form>
  );
}
