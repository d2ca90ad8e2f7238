/**
 * The events agents are notified of (the `kind` of `notifyAgents`), with what an agent gets
 * when they have not chosen: in-app always, and mail for the events OTRS mails agents about —
 * the same events whose callers pass `byMail: true`.
 */
export const NOTIFICATION_EVENTS = [
  { event: "new_ticket", label: "New ticket in my queues", email: true },
  { event: "follow_up", label: "Follow-up from a customer", email: true },
  { event: "owner", label: "I was made the owner of a ticket", email: true },
  { event: "lock_timeout", label: "My lock timed out", email: true },
  { event: "reminder", label: "A pending reminder of mine was reached", email: true },
  { event: "takeover", label: "Someone took over a ticket I had locked", email: false },
  { event: "unlocked", label: "Someone released my lock", email: false },
  { event: "moved", label: "A ticket I had locked was moved", email: false },
  { event: "bounce", label: "A mail of my ticket could not be delivered", email: false },
] as const;

export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number]["event"];

export const NOTIFICATION_EVENT_NAMES = NOTIFICATION_EVENTS.map((entry) => entry.event) as [NotificationEvent, ...NotificationEvent[]];

export interface NotificationChoice {
  event: NotificationEvent;
  inApp: boolean;
  email: boolean;
}
