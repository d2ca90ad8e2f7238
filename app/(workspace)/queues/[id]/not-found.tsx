import Link from "next/link";

/** A queue that does not exist, or that the agent may not read: the same answer, as everywhere. */
export default function QueueNotFound() {
  return (
    <div className="mx-auto max-w-md space-y-3 py-16 text-center" data-testid="queue-not-found">
      <h1 className="text-lg font-semibold">Queue not found</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">There is no such queue, or you may not read it. Ask an administrator if you think you should.</p>
      <Link href="/" className="text-sm text-sky-800 underline dark:text-sky-300">
        Back to the dashboard
      </Link>
    </div>
  );
}
