import { notifications } from "../../db/schema";
import type { Db } from "../../db/client";
import type { NotificationSummary } from "../tickets/history";

export interface NotifyAgentsInput {
  agentIds: number[];
  ticketId: number | null;
  kind: string;
  text: string;
}

/**
 * Stores in-app notifications, in the caller's transaction. The caller puts the returned
 * summaries into its history row, from which the sidecar sends each agent theirs.
 */
export async function notifyAgents(tx: Db, input: NotifyAgentsInput): Promise<NotificationSummary[]> {
  const agentIds = [...new Set(input.agentIds)];
  if (agentIds.length === 0) return [];
  const rows = await tx
    .insert(notifications)
    .values(agentIds.map((agentId) => ({ agentId, ticketId: input.ticketId, kind: input.kind, text: input.text })))
    .returning({ id: notifications.id, agentId: notifications.agentId, kind: notifications.kind, text: notifications.text });
  return rows;
}
