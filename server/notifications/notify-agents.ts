import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { prebuildQuery, runPrebuiltQuery } from "../../db/prebuilt-query";
import { agentNotificationPreferences, agents, notifications, tickets } from "../../db/schema";
import { readConfig } from "../config";
import { newMessageId, taggedSubject } from "../mail/compose";
import { queueOutboundMail } from "../mail/queue-outbound-mail";
import type { NotificationSummary } from "../tickets/history";

export interface NotifyAgentsInput {
  agentIds: number[];
  ticketId: number;
  kind: string;
  text: string;
  /** Also by mail, for the events OTRS mails agents about (new ticket, follow-up, owner, lock timeout, reminder). */
  byMail?: boolean;
}

/**
 * The address agent notifications come from. Not a queue's address: an out-of-office answer to
 * a notification must not land in a queue as a ticket; mail to this address is ignored.
 */
export function notificationSender(): string {
  return `noreply@${new URL(readConfig().PUBLIC_URL).hostname}`;
}

interface Recipient {
  agentId: number;
  email: string;
  valid: boolean;
  inApp: boolean | null;
  byMail: boolean | null;
  /** The ticket a mail names. */
  number: string;
  title: string;
}

// Run for every new ticket and follow-up: built once. Each agent's choice for this event, their
// address and the ticket, in one statement. The ids are joined from unnest, not matched with
// `= any(…)`: for that, on tables not yet analyzed (a new installation, the mail bench),
// PostgreSQL never settled on a generic plan and planned every call anew.
const recipientsQuery = prebuildQuery(sql`
  select a.id as "agentId", a.email, a.valid, p.in_app as "inApp", p.email as "byMail", t.number, t.title
  from unnest(${sql.placeholder("agentIds")}::int[]) as recipient(agent_id)
  join ${agents} a on a.id = recipient.agent_id
  join ${tickets} t on t.id = ${sql.placeholder("ticketId")}
  left join ${agentNotificationPreferences} p on p.agent_id = a.id and p.event = ${sql.placeholder("kind")}`);

const insertQuery = prebuildQuery(sql`
  insert into ${notifications} (agent_id, ticket_id, kind, text)
  select agent_id, ${sql.placeholder("ticketId")}::int, ${sql.placeholder("kind")}::text, ${sql.placeholder("text")}::text
  from unnest(${sql.placeholder("agentIds")}::int[]) with ordinality as recipient(agent_id, position)
  order by position
  returning id, agent_id as "agentId", kind, text`);

/**
 * Notifies agents, in the caller's transaction, as each chose for this kind of event in their
 * preferences: in-app rows (the caller puts the returned summaries into its history row, from
 * which the sidecar sends each agent theirs) and a mail to each valid agent through the outbox.
 * Without a choice an agent gets the in-app row, and the mail when the caller asks `byMail`.
 */
export async function notifyAgents(tx: Db, input: NotifyAgentsInput): Promise<NotificationSummary[]> {
  const agentIds = [...new Set(input.agentIds)];
  if (agentIds.length === 0) return [];
  const found = await runPrebuiltQuery<Recipient>(tx, recipientsQuery, { agentIds, ticketId: input.ticketId, kind: input.kind });
  const recipients = agentIds.flatMap((agentId) => found.filter((row) => row.agentId === agentId));
  const inApp = recipients.filter((recipient) => recipient.inApp ?? true);
  const byMail = recipients.filter((recipient) => recipient.valid && (recipient.byMail ?? input.byMail === true));
  // The in-app rows and the mails go to the database in one flight.
  const [rows] = await Promise.all([
    inApp.length === 0 ? [] : runPrebuiltQuery<NotificationSummary>(tx, insertQuery, { agentIds: inApp.map((recipient) => recipient.agentId), ticketId: input.ticketId, kind: input.kind, text: input.text }),
    ...byMail.map((recipient) => mailAgent(tx, recipient, input)),
  ]);
  return rows;
}

async function mailAgent(tx: Db, ticket: Recipient, input: NotifyAgentsInput): Promise<void> {
  const from = notificationSender();
  await queueOutboundMail(tx, {
    ticketId: input.ticketId,
    articleId: null,
    messageId: newMessageId(ticket.number, from),
    kind: "notification",
    message: {
      from: `Helpdesk <${from}>`,
      to: [ticket.email],
      cc: [],
      subject: taggedSubject(ticket.number, `${input.text} — ${ticket.title}`),
      text: `${input.text}\n\n${readConfig().PUBLIC_URL}/tickets/${ticket.number}\n`,
      inReplyTo: null,
      references: [],
      headers: { "Auto-Submitted": "auto-generated", Precedence: "bulk", "X-Auto-Response-Suppress": "All" },
      attachmentIds: [],
    },
  });
}
