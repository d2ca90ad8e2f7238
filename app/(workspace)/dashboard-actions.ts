"use server";

import { getDb } from "@/db/client";
import { actionResult, type ActionResult } from "@/server/api/action-result";
import { requireAgent } from "@/server/auth/require-agent";
import { listReadableQueues, type QueueSummary } from "@/server/queues/list-readable-queues";

/** The counts per queue as they are now, for the dashboard to refresh after events. */
export async function loadQueueCountsAction(): Promise<ActionResult<QueueSummary[]>> {
  return actionResult(async () => listReadableQueues(getDb(), await requireAgent()));
}
