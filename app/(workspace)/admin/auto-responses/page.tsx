import type { Metadata } from "next";
import Link from "next/link";
import { tableClass } from "@/components/admin/form-styles";
import { ListHeader } from "@/components/admin/ListHeader";
import { getDb } from "@/db/client";
import { requireAdmin } from "@/server/auth/require-admin";
import { listAutoResponses } from "@/server/auto-responses/list-auto-responses";

export const metadata: Metadata = { title: "Auto responses" };
export const dynamic = "force-dynamic";

export default async function AdminAutoResponsesPage() {
  await requireAdmin();
  const responses = await listAutoResponses(getDb());
  return (
    <div className="space-y-6">
      <ListHeader title="Auto responses" newHref="/admin/auto-responses/new" newLabel="New auto response" />
      <p className="text-sm text-zinc-500">What a queue answers by itself. Never sent to mailing lists, bulk or auto-submitted mail, mailer daemons or the system&apos;s own addresses, and at most 40 a day to one address.</p>
      <table className={tableClass} aria-label="Auto responses">
        <thead>
          <tr>
            <th>Name</th>
            <th>Type</th>
            <th>Subject</th>
            <th>Queues</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {responses.map((response) => (
            <tr key={response.id} data-testid="auto-response-row" className={response.valid ? undefined : "text-zinc-400"}>
              <td>
                <Link href={`/admin/auto-responses/${response.id}`} className="font-medium text-sky-700 hover:underline dark:text-sky-400">
                  {response.name}
                </Link>
              </td>
              <td>{response.type}</td>
              <td className="font-mono text-xs">{response.subject}</td>
              <td className="text-xs">{response.queues.map((queue) => queue.name).join(", ") || "—"}</td>
              <td>{response.valid ? "valid" : "invalid"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
