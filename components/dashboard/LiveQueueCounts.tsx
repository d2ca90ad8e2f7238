"use client";

import { useRef, useState } from "react";
import { loadQueueCountsAction } from "@/app/(workspace)/dashboard-actions";
import type { QueueSummary } from "@/server/queues/list-readable-queues";
import { QueueOverview } from "../QueueOverview";
import { useLiveEvent } from "../realtime/RealtimeProvider";
import { useDebounced } from "../useDebounced";

/** The counts per queue, asked again (once per burst of events) whenever a ticket in them changes. */
export function LiveQueueCounts({ initial, renderedAt }: { initial: QueueSummary[]; renderedAt: number }) {
  const [queues, setQueues] = useState(initial);
  const asked = useRef(0);
  const refresh = useDebounced(() => {
    const request = ++asked.current;
    void loadQueueCountsAction().then((result) => {
      // An older answer arriving late never overwrites a newer one.
      if (result.ok && request === asked.current) setQueues(result.value);
    });
  }, 300);
  useLiveEvent("ticket:created", refresh, renderedAt);
  useLiveEvent("ticket:updated", refresh, renderedAt);
  useLiveEvent("article:created", refresh, renderedAt);
  return <QueueOverview queues={queues} />;
}
