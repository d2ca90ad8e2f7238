"use client";

import { useRef } from "react";
import { createTokenAction, revokeTokenAction } from "@/app/(workspace)/preferences/actions";
import { FormMessage } from "@/components/admin/FormMessage";
import { buttonClass, inputClass, labelClass, secondaryButtonClass, sectionClass, tableClass } from "@/components/admin/form-styles";
import { useActionRunner } from "@/components/admin/useActionRunner";
import { ZonedTime } from "@/components/ZonedTime";
import type { ApiTokenView } from "@/server/auth/list-api-tokens";

/**
 * Personal API tokens: created with a name and shown once, listed, revoked. Revoking ends the
 * sockets the token opened at once — and, as every session_version raise does, the agent's
 * other sessions; this page reloads to reconnect with its carried-over session.
 */
export function ApiTokensPanel({ tokens, timeZone }: { tokens: ApiTokenView[]; timeZone: string }) {
  const create = useActionRunner<{ id: number; name: string; token: string }>();
  const revoke = useActionRunner<null>();
  const form = useRef<HTMLFormElement>(null);
  return (
    <section aria-label="API tokens" className={sectionClass}>
      <h2 className="font-semibold">API tokens</h2>
      <form
        ref={form}
        aria-label="New API token"
        className="flex items-end gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          const data = new FormData(event.currentTarget);
          create.run(() => createTokenAction(data), { onSuccess: () => form.current?.reset() });
        }}
      >
        <label className={`${labelClass} flex-1`}>
          <span>Name</span>
          <input name="name" required maxLength={100} placeholder="e.g. laptop CLI" className={inputClass} />
        </label>
        <button type="submit" disabled={create.busy} className={buttonClass}>
          {create.pending ? "Creating…" : "Create token"}
        </button>
      </form>
      <FormMessage error={create.error} testId="token-create" />
      {create.value && (
        <div role="status" data-testid="token-created" className="space-y-1 rounded bg-emerald-50 p-2 text-sm text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100">
          <p>Token &ldquo;{create.value.name}&rdquo; created. Copy it now: it is shown only once.</p>
          <code data-testid="new-token" className="block break-all rounded bg-white px-2 py-1 font-mono dark:bg-zinc-900">
            {create.value.token}
          </code>
        </div>
      )}
      <FormMessage error={revoke.error} testId="token-revoke" />
      {tokens.length === 0 ? (
        <p className="text-sm text-zinc-500">No tokens yet.</p>
      ) : (
        <table className={tableClass}>
          <thead>
            <tr>
              <th>Name</th>
              <th>Created</th>
              <th>Last used</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tokens.map((token) => (
              <tr key={token.id} data-testid="token-row" className={token.revokedAt ? "text-zinc-400" : undefined}>
                <td>{token.name}</td>
                <td>
                  <ZonedTime value={token.createdAt} timeZone={timeZone} />
                </td>
                <td>{token.lastUsedAt ? <ZonedTime value={token.lastUsedAt} timeZone={timeZone} /> : "never"}</td>
                <td>
                  {token.revokedAt ? (
                    <>
                      revoked <ZonedTime value={token.revokedAt} timeZone={timeZone} />
                    </>
                  ) : (
                    "active"
                  )}
                </td>
                <td>
                  {!token.revokedAt && (
                    <button
                      type="button"
                      className={secondaryButtonClass}
                      disabled={revoke.busy}
                      onClick={() => {
                        if (window.confirm(`Revoke the token "${token.name}"? Clients using it are refused at once.`)) {
                          revoke.run(() => revokeTokenAction(token.id), { refresh: false, onSuccess: () => window.location.reload() });
                        }
                      }}
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
