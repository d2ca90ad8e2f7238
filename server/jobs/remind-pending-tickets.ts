import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { notifyAgents } from "../notifications/notify-agents";
import { appendHistory, type HistoryEntry } from "../tickets/history";

const BATCH = 200;

/**
 * Tells owners once that a `pending reminder` time is reached (ReminderReached), and marks the
 * ticket so that the reminder is not sent again until its time changes. Safe in several
 * processes at once (SKIP LOCKED, condition rechecked on the locked row).
 */
export async function remindPendingTickets(db: Db, now = new Date()): Promise<number> {
  return db.transaction(async (tx) => {
    const due = await tx.execute<{ id: number; number: string; owner_id: number | null }>(sql`
      update tickets set reminder_sent_at = now(), version = tickets.version + 1, updated_at = now()
      where tickets.id in (
        select id from tickets
        where state_type = 'pending_reminder' and pending_until <= ${now.toISOString()}::timestamptz and reminder_sent_at is null
        order by pending_until
        limit ${BATCH}
        for update skip locked)
      returning tickets.id, tickets.number, tickets.owner_id`);
    const entries: HistoryEntry[] = [];
    for (const ticket of due) {
      const notifications = ticket.owner_id
        ? await notifyAgents(tx, { agentIds: [ticket.owner_id], ticketId: ticket.id, kind: "reminder", text: `Reminder reached for ticket ${ticket.number}`, byMail: true })
        : [];
      entries.push({ ticketId: ticket.id, type: "ReminderReached", name: "pending reminder reached", data: { notifications } });
    }
    await appendHistory(tx, null, entries);
    return due.length;
  });
}
