import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Not found" };

/** No such page — or one the agent may not see (the admin area for non-admins): the same answer. */
export default function NotFound() {
  return (
    <main className="flex min-h-[60vh] items-center justify-center p-6">
      <div className="max-w-md space-y-3 rounded-xl border border-zinc-200 bg-white p-8 text-center shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        <h1 className="text-xl font-semibold">Page not found</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">There is no such page, or it is not one you may see.</p>
        <Link href="/" className="inline-block rounded border border-zinc-300 px-3 py-1 text-sm hover:bg-zinc-100 dark:border-zinc-600 dark:hover:bg-zinc-800">
          Dashboard
        </Link>
      </div>
    </main>
  );
}
