"use client";

import Link from "next/link";
import { useState, useTransition } from "react";
import { markNotificationsRead } from "@/app/(workspace)/actions";
import type { ApiNotification } from "@/server/notifications/list-notifications";
import { useLiveEvent } from "./realtime/RealtimeProvider";

/** The bell: unread notifications, counted live, listed on click, marked read when seen. */
export function NotificationBell({ initial, renderedAt }: { initial: { unread: number; latest: ApiNotification[] }; renderedAt: number }) {
  const [unread, setUnread] = useState(initial.unread);
  const [latest, setLatest] = useState(initial.latest);
  const [open, setOpen] = useState(false);
  const [, startTransition] = useTransition();

  useLiveEvent(
    "notification",
    (event) => {
      if (latest.some((shown) => shown.id === event.notification.id)) return;
      setUnread((count) => count + 1);
      setLatest((shown) => [{ ...event.notification, ticketNumber: event.ticket.number, read: false, createdAt: event.at }, ...shown].slice(0, 20));
    },
    renderedAt,
  );

  const toggle = () => {
    const opening = !open;
    setOpen(opening);
    if (opening && unread > 0) {
      const newest = latest[0]?.id;
      setUnread(0);
      setLatest((shown) => shown.map((notification) => ({ ...notification, read: true })));
      startTransition(() => void markNotificationsRead(newest));
    }
  };

  return (
    <div className="relative">
      <button type="button" onClick={toggle} aria-label={`Notifications, ${unread} unread`} data-testid="notification-bell" className="relative rounded-md px-2 py-1 hover:bg-zinc-100 dark:hover:bg-zinc-800">
        <svg aria-hidden viewBox="0 0 16 16" className="h-4 w-4 fill-current">
          <path d="M8 1a4 4 0 0 0-4 4v3L2.5 11h11L12 8V5a4 4 0 0 0-4-4Zm-2 11a2 2 0 0 0 4 0H6Z" />
        </svg>
        {unread > 0 && (
          <span data-testid="unread-count" className="absolute -right-1 -top-1 min-w-5 rounded-full bg-red-600 px-1 text-center text-xs font-semibold text-white">
            {unread}
          </span>
        )}
      </button>
      {open && (
        <div className="absolute right-0 z-40 mt-2 w-96 rounded-lg border border-zinc-200 bg-white p-2 text-sm shadow-xl dark:border-zinc-700 dark:bg-zinc-900">
          {latest.length === 0 ? (
            <p className="p-2 text-zinc-500">No notifications.</p>
          ) : (
            <ul className="max-h-96 overflow-y-auto">
              {latest.map((notification) => (
                <li key={notification.id} className="rounded px-2 py-1.5 hover:bg-zinc-50 dark:hover:bg-zinc-800">
                  {notification.ticketNumber ? <Link href={`/tickets/${notification.ticketNumber}`}>{notification.text}</Link> : notification.text}
                  <div className="text-xs text-zinc-500">{new Date(notification.createdAt).toLocaleString()}</div>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
