import type { Metadata } from "next";
import { DashboardTickets } from "@/components/dashboard/DashboardTickets";
import { LiveQueueCounts } from "@/components/dashboard/LiveQueueCounts";
import { UnreadNotifications } from "@/components/dashboard/UnreadNotifications";
import { getDb } from "@/db/client";
import { requireAgent } from "@/server/auth/require-agent";
import { listNotifications } from "@/server/notifications/list-notifications";
import { listReadableQueues } from "@/server/queues/list-readable-queues";
import { latestHistoryId } from "@/server/realtime/history-events";
import { loadDashboardTickets } from "@/server/tickets/dashboard-tickets";
import { listTicketStates } from "@/server/tickets/list-ticket-states";

export const metadata: Metadata = { title: "Dashboard" };
export const dynamic = "force-dynamic";

export default async function DashboardPage() {
  const agent = await requireAgent();
  const db = getDb();
  // The event id first: what is read after it is at least as new, and later events are replayed onto it.
  const renderedAt = await latestHistoryId(db);
  const [queues, tickets, notifications, stateTypes] = await Promise.all([
    listReadableQueues(db, agent),
    loadDashboardTickets(db, agent),
    listNotifications(db, agent.id, 20),
    listTicketStates(db),
  ]);
  const context = { agentId: agent.id, queueIds: queues.map((queue) => queue.id), stateTypes };
  return (
    <div className="space-y-4">
      <h1 className="text-lg font-semibold">Welcome, {agent.name}</h1>
      <DashboardTickets initial={tickets} context={context} renderedAt={renderedAt} />
      <div className="grid gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <section aria-labelledby="queues-heading" className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900">
          <h2 id="queues-heading" className="mb-2 text-sm font-semibold">
            My queues
          </h2>
          <LiveQueueCounts initial={queues} renderedAt={renderedAt} />
        </section>
        <UnreadNotifications initial={notifications.latest} renderedAt={renderedAt} />
      </div>
    </div>
  );
}
