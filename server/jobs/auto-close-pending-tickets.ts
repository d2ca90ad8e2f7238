import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { appendHistory } from "../tickets/history";

const BATCH = 200;

/**
 * Closes `pending auto close+` tickets as successful and `pending auto close-` ones as
 * unsuccessful once their time is reached, ending any lock, as OTRS's PendingJobs. Safe in
 * several processes at once.
 */
export async function autoClosePendingTickets(db: Db, now = new Date()): Promise<number> {
  return db.transaction(async (tx) => {
    const closed = await tx.execute<{ id: number; previous_state: string; state: string; was_locked: boolean }>(sql`
      with due as (
        select id, state as previous_state, lock = 'locked' as was_locked from tickets
        where state_type = 'pending_auto' and pending_until <= ${now.toISOString()}::timestamptz
        order by pending_until
        limit ${BATCH}
        for update skip locked)
      update tickets set
        state = case when due.previous_state like '%-' then 'closed unsuccessful' else 'closed successful' end,
        state_type = 'closed', lock = 'unlocked', pending_until = null,
        version = tickets.version + 1, updated_at = now()
      from due where tickets.id = due.id
      returning tickets.id, due.previous_state, tickets.state, due.was_locked`);
    await appendHistory(
      tx,
      null,
      closed.map((ticket) => ({
        ticketId: ticket.id,
        type: "StateUpdate" as const,
        name: `${ticket.previous_state} → ${ticket.state} (pending time reached)`,
        changes: ticket.was_locked ? ["state" as const, "lock" as const] : ["state" as const],
      })),
    );
    return closed.length;
  });
}
