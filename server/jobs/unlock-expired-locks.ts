import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { notifyAgents } from "../notifications/notify-agents";
import { appendHistory, type HistoryEntry } from "../tickets/history";

const BATCH = 200;

/**
 * Ends the locks whose owner has been inactive for longer than their queue's unlock timeout
 * (OTRS: only new and open tickets; 0 turns the timeout off), with a `LockTimeout` history row
 * and a notification to the owner. Rows are claimed with SKIP LOCKED and the condition is
 * checked on the locked row, so runners in several processes never unlock a ticket twice.
 */
export async function unlockExpiredLocks(db: Db, now = new Date()): Promise<number> {
  return db.transaction(async (tx) => {
    const expired = await tx.execute<{ id: number; number: string; owner_id: number }>(sql`
      update tickets set lock = 'unlocked', version = tickets.version + 1, updated_at = now()
      where tickets.id in (
        select t.id from tickets t join queues q on q.id = t.queue_id
        where t.lock = 'locked' and t.state_type in ('new', 'open') and q.unlock_timeout_minutes > 0
          and t.owner_activity_at < ${now.toISOString()}::timestamptz - q.unlock_timeout_minutes * interval '1 minute'
        order by t.owner_activity_at
        limit ${BATCH}
        for update of t skip locked)
      returning tickets.id, tickets.number, tickets.owner_id`);
    const entries: HistoryEntry[] = [];
    for (const ticket of expired) {
      const notifications = await notifyAgents(tx, { agentIds: [ticket.owner_id], ticketId: ticket.id, kind: "lock_timeout", text: `Your lock on ticket ${ticket.number} timed out`, byMail: true });
      entries.push({ ticketId: ticket.id, type: "LockTimeout", name: "unlocked after the queue's unlock timeout", changes: ["lock"], data: { notifications } });
    }
    await appendHistory(tx, null, entries);
    return expired.length;
  });
}
