import Link from "next/link";
import type { Actor } from "@/server/auth/actor";
import type { ApiNotification } from "@/server/notifications/list-notifications";
import { ConnectionStatus } from "./ConnectionStatus";
import { NotificationBell } from "./NotificationBell";
import { SearchShortcut } from "./SearchShortcut";
import { SignOutButton } from "./SignOutButton";

const NAVIGATION = [
  { href: "/", label: "Dashboard" },
  { href: "/board", label: "Board" },
  { href: "/search", label: "Search", shortcut: "/" },
  { href: "/tickets/new", label: "New ticket" },
];

export function AppHeader({ agent, notifications, renderedAt }: { agent: Actor; notifications: { unread: number; latest: ApiNotification[] }; renderedAt: number }) {
  const items = agent.isAdmin ? [...NAVIGATION, { href: "/admin", label: "Admin" }] : NAVIGATION;
  return (
    <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <div className="mx-auto flex h-12 max-w-7xl items-center gap-6 px-4">
        <Link href="/" className="font-semibold tracking-tight">
          Helpdesk
        </Link>
        <nav aria-label="Main" className="flex flex-1 items-center gap-4 text-sm">
          {items.map((item) => (
            <Link key={item.href} href={item.href} className="text-zinc-600 hover:text-zinc-900 dark:text-zinc-300 dark:hover:text-white">
              {item.label}
            </Link>
          ))}
        </nav>
        <SearchShortcut />
        <ConnectionStatus />
        <div className="flex items-center gap-3 text-sm">
          <NotificationBell initial={notifications} renderedAt={renderedAt} />
          <span data-testid="current-agent" title={agent.login}>
            {agent.name}
            {agent.isAdmin && <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900 dark:bg-amber-900 dark:text-amber-100">admin</span>}
          </span>
          <Link href="/preferences" className="text-zinc-600 hover:text-zinc-900 dark:text-zinc-300 dark:hover:text-white">
            Preferences
          </Link>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
