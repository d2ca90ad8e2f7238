"use client";

import { useLiveEvent } from "./realtime/RealtimeProvider";
import { useToast } from "./ToastProvider";

/** A toast when someone else adds an article to a ticket the agent owns (a customer's answer, a colleague's note). */
export function OwnedTicketToasts({ agentId, renderedAt }: { agentId: number; renderedAt: number }) {
  const toast = useToast();
  useLiveEvent(
    "article:created",
    (event) => {
      if (event.ticket.owner?.id !== agentId || event.actor?.id === agentId) return;
      toast({ text: `New article in ${event.ticket.number}: ${event.article.subject || event.ticket.title}`, href: `/tickets/${event.ticket.number}` });
    },
    renderedAt,
  );
  return null;
}
