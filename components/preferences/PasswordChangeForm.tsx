"use client";

import { useRef } from "react";
import { changePasswordAction } from "@/app/(workspace)/preferences/actions";
import { FormMessage } from "@/components/admin/FormMessage";
import { buttonClass, inputClass, labelClass, sectionClass } from "@/components/admin/form-styles";
import { useActionRunner } from "@/components/admin/useActionRunner";

/**
 * Changes the agent's own password. Every other session and socket of the agent ends; this
 * browser stays signed in (the server carried its session over) and reloads, so that its live
 * connection is opened again with the new session.
 */
export function PasswordChangeForm({ minPasswordLength }: { minPasswordLength: number }) {
  const runner = useActionRunner<null>();
  const form = useRef<HTMLFormElement>(null);
  return (
    <form
      ref={form}
      aria-label="Change password"
      className={sectionClass}
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        // A full load on purpose: the workspace's socket was cut with the old session and must reconnect.
        // eslint-disable-next-line @next/next/no-location-assign-relative-destination
        runner.run(() => changePasswordAction(data), { refresh: false, onSuccess: () => window.location.assign("/preferences?changed=password") });
      }}
    >
      <h2 className="font-semibold">Password</h2>
      <div className="grid gap-3 sm:grid-cols-3">
        <label className={labelClass}>
          <span>Current password</span>
          <input name="currentPassword" type="password" autoComplete="current-password" required className={inputClass} />
        </label>
        <label className={labelClass}>
          <span>New password</span>
          <input name="newPassword" type="password" autoComplete="new-password" required minLength={minPasswordLength} className={inputClass} />
        </label>
        <label className={labelClass}>
          <span>New password again</span>
          <input name="confirmPassword" type="password" autoComplete="new-password" required minLength={minPasswordLength} className={inputClass} />
        </label>
      </div>
      <p className="text-xs text-zinc-500">At least {minPasswordLength} characters, not your current one. Your other sessions are signed out.</p>
      <button type="submit" disabled={runner.busy} className={buttonClass}>
        {runner.pending ? "Changing…" : "Change password"}
      </button>
      <FormMessage error={runner.error} testId="password-change" />
    </form>
  );
}
