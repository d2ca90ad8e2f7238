"use server";

import { getDb } from "@/db/client";
import { actionResult, type ActionResult } from "@/server/api/action-result";
import { requireAgent } from "@/server/auth/require-agent";
import { loadQueueBoard, type QueueBoard } from "@/server/queues/queue-board";

/** The board as it is now, asked again after a burst of events. */
export async function loadBoardAction(): Promise<ActionResult<QueueBoard>> {
  return actionResult(async () => loadQueueBoard(getDb(), await requireAgent()));
}
