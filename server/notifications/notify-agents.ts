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
  const choices = await tx
    .select({ agentId: agentNotificationPreferences.agentId, inApp: agentNotificationPreferences.inApp, email: agentNotificationPreferences.email })
    .from(agentNotificationPreferences)
    .where(and(inArray(agentNotificationPreferences.agentId, agentIds), eq(agentNotificationPreferences.event, input.kind)));
  const choiceOf = (agentId: number) => choices.find((choice) => choice.agentId === agentId);
  const inApp = agentIds.filter((agentId) => choiceOf(agentId)?.inApp ?? true);
  const byMail = agentIds.filter((agentId) => choiceOf(agentId)?.email ?? input.byMail === true);
  const rows =
    inApp.length === 0
      ? []
      : await tx
          .insert(notifications)
          .values(inApp.map((agentId) => ({ agentId, ticketId: input.ticketId, kind: input.kind, text: input.text })))
          .returning({ id: notifications.id, agentId: notifications.agentId, kind: notifications.kind, text: notifications.text });
  if (byMail.length > 0) await mailAgents(tx, byMail, input);
  return rows;
}

async function mailAgents(tx: Db, agentIds: number[], input: NotifyAgentsInput): Promise<void> {
  const [ticket] = await tx.select({ number: tickets.number, title: tickets.title }).from(tickets).where(eq(tickets.id, input.ticketId));
  const recipients = await tx.select({ email: agents.email }).from(agents).where(and(inArray(agents.id, agentIds), eq(agents.valid, true)));
  const from = notificationSender();
  const link = `${readConfig().PUBLIC_URL}/tickets/${ticket!.number}`;
  for (const { email } of recipients) {
    const messageId = newMessageId(ticket!.number, from);
    const subject = taggedSubject(ticket!.number, `${input.text} — ${ticket!.title}`);
    await queueOutboundMail(tx, {
      ticketId: input.ticketId,
      articleId: null,
      messageId,
      kind: "notification",
      message: {
        from: `Helpdesk <${from}>`,
        to: [email],
        cc: [],
        subject,
        text: `${input.text}\n\n${link}\n`,
        inReplyTo: null,
        references: [],
        headers: { "Auto-Submitted": "auto-generated", Precedence: "bulk", "X-Auto-Response-Suppress": "All" },
        attachmentIds: [],
      },
    });
  }
}
