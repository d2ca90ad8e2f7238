"use client";

import { useRealtime } from "./realtime/RealtimeProvider";

const LABELS = { connecting: "connecting…", live: "live", offline: "offline — reconnecting" };
const COLOURS = { connecting: "bg-amber-400", live: "bg-emerald-500", offline: "bg-red-500" };

/** Whether changes arrive live; while offline the page is catching up when it reconnects. */
export function ConnectionStatus() {
  const { status } = useRealtime();
  return (
    <span className="flex items-center gap-1.5 text-xs text-zinc-500" data-testid="connection-status" data-status={status}>
      <span className={`h-2 w-2 rounded-full ${COLOURS[status]}`} aria-hidden />
      {LABELS[status]}
    </span>
  );
}
