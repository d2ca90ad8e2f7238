import type { Metadata } from "next";
import Link from "next/link";
import { QueueForm } from "@/components/admin/QueueForm";
import { tableClass } from "@/components/admin/form-styles";
import { getDb } from "@/db/client";
import { requireAdmin } from "@/server/auth/require-admin";
import { listAutoResponses } from "@/server/auto-responses/list-auto-responses";
import { listAdminQueues } from "@/server/queues/list-admin-queues";
import { listGroupChoices } from "@/server/queues/list-group-choices";
import { createQueueAction } from "./actions";

export const metadata: Metadata = { title: "Queues" };
export const dynamic = "force-dynamic";

const POLICY = { possible: "possible", reject: "reject", new_ticket: "new ticket" } as const;

export default async function AdminQueuesPage() {
  await requireAdmin();
  const db = getDb();
  const [queues, groups, responses] = await Promise.all([listAdminQueues(db), listGroupChoices(db), listAutoResponses(db)]);
  return (
    <div className="space-y-6">
      <h1 className="text-xl font-semibold">Queues</h1>
      <table className={tableClass} aria-label="Queues">
        <thead>
          <tr>
            <th>Name</th>
            <th>Group</th>
            <th>Address</th>
            <th>Unlock timeout</th>
            <th>Follow-up</th>
            <th className="text-right">Tickets</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {queues.map((queue) => (
            <tr key={queue.id} data-testid="queue-row" className={queue.valid ? undefined : "text-zinc-400"}>
              <td>
                <Link href={`/admin/queues/${queue.id}`} className="font-medium text-sky-700 hover:underline dark:text-sky-400">
                  {queue.name}
                </Link>
                {queue.catchAll && <span className="ml-2 text-xs text-zinc-500">catch-all</span>}
              </td>
              <td>{queue.group.name}</td>
              <td>{queue.address ?? "—"}</td>
              <td className="tabular-nums">{queue.unlockTimeoutMinutes === 0 ? "off" : `${queue.unlockTimeoutMinutes} min`}</td>
              <td>{POLICY[queue.followUpPolicy]}</td>
              <td className="text-right tabular-nums">{queue.tickets}</td>
              <td>{queue.valid ? "valid" : "invalid"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <QueueForm groups={groups} autoResponses={responses.map(({ id, name, type, valid }) => ({ id, name, type, valid }))} save={createQueueAction} />
    </div>
  );
}
