import type { Metadata } from "next";
import { QueueOverview } from "@/components/QueueOverview";
import { getDb } from "@/db/client";
import { requireAgent } from "@/server/auth/require-agent";
import { listReadableQueues } from "@/server/queues/list-readable-queues";

export const metadata: Metadata = { title: "Dashboard" };
export const dynamic = "force-dynamic";

export default async function DashboardPage() {
  const agent = await requireAgent();
  const queues = await listReadableQueues(getDb(), agent);
  return (
    <div className="space-y-6">
      <h1 className="text-lg font-semibold">Welcome, {agent.name}</h1>
      <section aria-labelledby="queues-heading" className="rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
        <h2 id="queues-heading" className="mb-3 text-sm font-semibold">
          My queues
        </h2>
        <QueueOverview queues={queues} />
      </section>
    </div>
  );
}
