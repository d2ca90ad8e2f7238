import { signOutAgent } from "@/app/(workspace)/actions";

export function SignOutButton() {
  return (
    <form action={signOutAgent}>
      <button type="submit" className="rounded-md px-2 py-1 text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:hover:text-white">
        Sign out
      </button>
    </form>
  );
}
