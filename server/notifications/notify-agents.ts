import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
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

/**
 * Notifies agents, in the caller's transaction, as each chose for this kind of event in their
 * preferences: in-app rows (the caller puts the returned summaries into its history row, from
 * which the sidecar sends each agent theirs) and a mail to each valid agent through the outbox.
 * Without a choice an agent gets the in-app row, and the mail when the caller asks `byMail`.
 */
export async function notifyAgents(tx: Db, input: NotifyAgentsInput): Promise<NotificationSummary[]> {
  const agentIds = [...new Set(input.agentIds)];
  if (agentIds.length === 0) return [];
  // Each agent's choice for this event, their address and the ticket a mail names, in one statement.
  const found = await tx
    .select({
      agentId: agents.id,
      email: agents.email,
      valid: agents.valid,
      inApp: agentNotificationPreferences.inApp,
      byMail: agentNotificationPreferences.email,
      ticket: { number: tickets.number, title: tickets.title },
    })
    .from(agents)
    .innerJoin(tickets, eq(tickets.id, input.ticketId))
    .leftJoin(agentNotificationPreferences, and(eq(agentNotificationPreferences.agentId, agents.id), eq(agentNotificationPreferences.event, input.kind)))
    .where(inArray(agents.id, agentIds));
  const recipients = agentIds.flatMap((agentId) => found.filter((row) => row.agentId === agentId));
  const inApp = recipients.filter((recipient) => recipient.inApp ?? true);
  const byMail = recipients.filter((recipient) => recipient.valid && (recipient.byMail ?? input.byMail === true));
  // The in-app rows and the mails go to the database in one flight.
  const [rows] = await Promise.all([
    inApp.length === 0
      ? []
      : tx
          .insert(notifications)
          .values(inApp.map(({ agentId }) => ({ agentId, ticketId: input.ticketId, kind: input.kind, text: input.text })))
          .returning({ id: notifications.id, agentId: notifications.agentId, kind: notifications.kind, text: notifications.text }),
    ...byMail.map((recipient) => mailAgent(tx, recipient, input)),
  ]);
  return rows;
}

async function mailAgent(tx: Db, recipient: { email: string; ticket: { number: string; title: string } }, input: NotifyAgentsInput): Promise<void> {
  const { ticket } = recipient;
  const from = notificationSender();
  await queueOutboundMail(tx, {
    ticketId: input.ticketId,
    articleId: null,
    messageId: newMessageId(ticket.number, from),
    kind: "notification",
    message: {
      from: `Helpdesk <${from}>`,
      to: [recipient.email],
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
