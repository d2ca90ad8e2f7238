"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { applyDashboardTicket, initialDashboardLists, remindersReached, type DashboardContext, type DashboardLists } from "@/lib/dashboard-lists";
import type { DashboardTickets as DashboardData } from "@/server/tickets/dashboard-tickets";
import type { ApiTicket } from "@/server/tickets/ticket-view";
import { useLiveEvent } from "../realtime/RealtimeProvider";
import { useNow } from "../useNow";
import { DashboardTicketList } from "./DashboardTicketList";

interface Props {
  initial: DashboardData;
  context: DashboardContext;
  renderedAt: number;
}

/**
 * The agent's own lists — tickets I hold, new tickets in my queues, my reminders reached —
 * patched from each event's ticket as it commits; a reminder appears when its time comes.
 */
export function DashboardTickets({ initial, context, renderedAt }: Props) {
  const now = useNow(initial.readAt, 15_000);
  const [lists, setLists] = useState<DashboardLists>(() => initialDashboardLists(initial));
  const contextRef = useRef(context);
  useEffect(() => {
    contextRef.current = context;
  });
  const apply = useCallback((ticket: ApiTicket) => setLists((shown) => applyDashboardTicket(shown, contextRef.current, ticket)), []);

  useLiveEvent("ticket:created", (event) => apply(event.ticket), renderedAt);
  useLiveEvent("ticket:updated", (event) => apply(event.ticket), renderedAt);
  useLiveEvent("article:created", (event) => apply(event.ticket), renderedAt);

  return (
    <div className="grid gap-4 lg:grid-cols-3 [&>*]:min-w-0">
      <DashboardTicketList title="My locked tickets" tickets={lists.locked} agentId={context.agentId} now={now} empty="You hold no ticket." testId="my-locked" />
      <DashboardTicketList title="New in my queues" tickets={lists.new} agentId={context.agentId} now={now} empty="No new tickets." testId="new-tickets" />
      <DashboardTicketList title="My reminders reached" tickets={remindersReached(lists.reminders, now)} agentId={context.agentId} now={now} empty="No reminder is due." testId="my-reminders" reminder />
    </div>
  );
}
