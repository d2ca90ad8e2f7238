import type { Metadata } from "next";
import { SupervisorBoard } from "@/components/board/SupervisorBoard";
import { getDb } from "@/db/client";
import { requireAgent } from "@/server/auth/require-agent";
import { loadQueueBoard } from "@/server/queues/queue-board";
import { latestHistoryId } from "@/server/realtime/history-events";

export const metadata: Metadata = { title: "Board" };
export const dynamic = "force-dynamic";

export default async function BoardPage() {
  const agent = await requireAgent();
  const db = getDb();
  const renderedAt = await latestHistoryId(db);
  const board = await loadQueueBoard(db, agent);
  return <SupervisorBoard initial={board} agentId={agent.id} renderedAt={renderedAt} />;
}
