import Link from "next/link";

/**
 * What an agent sees when a page failed: a plain apology and, when the server gave one, the
 * error's digest to quote to an administrator (who finds it in the server log). Never the
 * error's message or stack: they can carry internals (SQL, paths, addresses).
 */
export function ErrorNotice({ digest, onRetry }: { digest?: string; onRetry?: () => void }) {
  return (
    <main className="flex min-h-[60vh] items-center justify-center p-6">
      <div role="alert" className="max-w-md space-y-3 rounded-xl border border-zinc-200 bg-white p-8 text-center shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        <h1 className="text-xl font-semibold">Something went wrong</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">The page could not be shown. Nothing you entered was lost on the server; try again in a moment.</p>
        {digest && (
          <p className="text-xs text-zinc-500">
            Reference: <code data-testid="error-digest">{digest}</code>
          </p>
        )}
        <div className="flex justify-center gap-3 text-sm">
          {onRetry && (
            <button type="button" onClick={onRetry} className="rounded bg-sky-700 px-3 py-1 font-semibold text-white hover:bg-sky-800">
              Try again
            </button>
          )}
          <Link href="/" className="rounded border border-zinc-300 px-3 py-1 hover:bg-zinc-100 dark:border-zinc-600 dark:hover:bg-zinc-800">
            Dashboard
          </Link>
        </div>
      </div>
    </main>
  );
}
