import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";

export interface AdminOverview {
  agents: { valid: number; invalid: number; admins: number };
  groups: { valid: number; invalid: number };
  queues: { valid: number; invalid: number };
  openTickets: number;
  failedInbound: number;
  failedOutbound: number;
  auditLast24h: number;
}

/** The counts the admin overview shows, in one round trip. */
export async function loadAdminOverview(db: Db): Promise<AdminOverview> {
  const [row] = await db.execute<{
    agents_valid: number;
    agents_invalid: number;
    admins: number;
    groups_valid: number;
    groups_invalid: number;
    queues_valid: number;
    queues_invalid: number;
    open_tickets: number;
    failed_inbound: number;
    failed_outbound: number;
    audit_24h: number;
  }>(sql`select
    (select count(*)::int from agents where valid) as agents_valid,
    (select count(*)::int from agents where not valid) as agents_invalid,
    (select count(*)::int from agents where valid and is_admin) as admins,
    (select count(*)::int from groups where valid) as groups_valid,
    (select count(*)::int from groups where not valid) as groups_invalid,
    (select count(*)::int from queues where valid) as queues_valid,
    (select count(*)::int from queues where not valid) as queues_invalid,
    (select count(*)::int from tickets where state_type not in ('closed', 'merged')) as open_tickets,
    (select count(*)::int from inbound_messages where status = 'failed') as failed_inbound,
    (select count(*)::int from outbox where failed_at is not null and sent_at is null) as failed_outbound,
    (select count(*)::int from audit_log where created_at > now() - interval '1 day') as audit_24h`);
  return {
    agents: { valid: row!.agents_valid, invalid: row!.agents_invalid, admins: row!.admins },
    groups: { valid: row!.groups_valid, invalid: row!.groups_invalid },
    queues: { valid: row!.queues_valid, invalid: row!.queues_invalid },
    openTickets: row!.open_tickets,
    failedInbound: row!.failed_inbound,
    failedOutbound: row!.failed_outbound,
    auditLast24h: row!.audit_24h,
  };
}
