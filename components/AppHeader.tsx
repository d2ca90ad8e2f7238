import Link from "next/link";
import type { Actor } from "@/server/auth/actor";
import { SignOutButton } from "./SignOutButton";

const NAVIGATION = [{ href: "/", label: "Dashboard" }];

export function AppHeader({ agent }: { agent: Actor }) {
  return (
    <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <div className="mx-auto flex h-12 max-w-7xl items-center gap-6 px-4">
        <Link href="/" className="font-semibold tracking-tight">
          Helpdesk
        </Link>
        <nav aria-label="Main" className="flex flex-1 items-center gap-4 text-sm">
          {NAVIGATION.map((item) => (
            <Link key={item.href} href={item.href} className="text-zinc-600 hover:text-zinc-900 dark:text-zinc-300 dark:hover:text-white">
              {item.label}
            </Link>
          ))}
        </nav>
        <div className="flex items-center gap-3 text-sm">
          <span data-testid="current-agent" title={agent.login}>
            {agent.name}
            {agent.isAdmin && <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900 dark:bg-amber-900 dark:text-amber-100">admin</span>}
          </span>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
