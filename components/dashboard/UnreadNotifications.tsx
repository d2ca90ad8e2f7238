"use client";

import Link from "next/link";
import { useState } from "react";
import type { ApiNotification } from "@/server/notifications/list-notifications";
import { useLiveEvent } from "../realtime/RealtimeProvider";

const SHOWN = 5;

/** The latest unread notifications (the bell in the header has them all), new ones on top as they come. */
export function UnreadNotifications({ initial, renderedAt }: { initial: ApiNotification[]; renderedAt: number }) {
  const [unread, setUnread] = useState(() => initial.filter((notification) => !notification.read));
  useLiveEvent(
    "notification",
    (event) =>
      setUnread((shown) =>
        shown.some((notification) => notification.id === event.notification.id)
          ? shown
          : [{ ...event.notification, ticketNumber: event.ticket.number, read: false, createdAt: event.at }, ...shown],
      ),
    renderedAt,
  );
  return (
    <section aria-label="Unread notifications" data-testid="unread-notifications" className="rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <h2 className="flex items-center justify-between border-b border-zinc-200 px-3 py-2 text-sm font-semibold dark:border-zinc-800">
        Unread notifications
        <span className="rounded-full bg-zinc-100 px-2 text-xs font-medium tabular-nums text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">{unread.length}</span>
      </h2>
      {unread.length === 0 ? (
        <p className="px-3 py-3 text-sm text-zinc-500">Nothing unread.</p>
      ) : (
        <ul className="text-sm">
          {unread.slice(0, SHOWN).map((notification) => (
            <li key={notification.id} data-testid="dashboard-notification" className="flex items-baseline gap-2 border-b border-zinc-100 px-3 py-1 last:border-b-0 dark:border-zinc-800/70">
              <span className="w-20 shrink-0 text-xs text-zinc-500">{notification.kind}</span>
              {notification.ticketNumber ? (
                <Link prefetch={false} href={`/tickets/${notification.ticketNumber}`} className="min-w-0 flex-1 truncate hover:underline">
                  {notification.text}
                </Link>
              ) : (
                <span className="min-w-0 flex-1 truncate">{notification.text}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
