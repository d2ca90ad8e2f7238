import type { Metadata } from "next";
import Link from "next/link";
import { QueueForm } from "@/components/admin/QueueForm";
import { QueueRemoval } from "@/components/admin/QueueRemoval";
import { getDb } from "@/db/client";
import { foundOrNotFound, idOrNotFound } from "@/lib/not-found";
import { requireAdmin } from "@/server/auth/require-admin";
import { listAutoResponses } from "@/server/auto-responses/list-auto-responses";
import { findAdminQueue } from "@/server/queues/find-admin-queue";
import { listGroupChoices } from "@/server/queues/list-group-choices";
import { deleteQueueAction, invalidateQueueAction, restoreQueueAction, updateQueueAction } from "../actions";

export const metadata: Metadata = { title: "Queue" };
export const dynamic = "force-dynamic";

export default async function AdminQueuePage({ params }: { params: Promise<{ id: string }> }) {
  await requireAdmin();
  const id = idOrNotFound((await params).id);
  const db = getDb();
  const queue = await foundOrNotFound(findAdminQueue(db, id));
  const [groups, responses] = await Promise.all([listGroupChoices(db), listAutoResponses(db)]);
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <Link href="/admin/queues" className="text-sm text-zinc-500 hover:underline">
          ← Queues
        </Link>
        <h1 className="text-xl font-semibold">
          {queue.name}
          {!queue.valid && " "}
          {!queue.valid && <span className="ml-2 text-sm font-normal text-zinc-500">(invalid)</span>}
        </h1>
        <p className="text-sm text-zinc-500">
          {queue.tickets} ticket{queue.tickets === 1 ? "" : "s"} · group {queue.group.name}
        </p>
      </div>
      <QueueForm queue={queue} groups={groups} autoResponses={responses.map(({ id, name, type, valid }) => ({ id, name, type, valid }))} save={updateQueueAction.bind(null, queue.id)} />
      <QueueRemoval queue={queue} invalidate={invalidateQueueAction.bind(null, queue.id)} restore={restoreQueueAction.bind(null, queue.id)} remove={deleteQueueAction.bind(null, queue.id)} />
    </div>
  );
}
