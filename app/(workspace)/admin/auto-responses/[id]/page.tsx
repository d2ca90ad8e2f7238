import type { Metadata } from "next";
import Link from "next/link";
import { AutoResponseForm } from "@/components/admin/AutoResponseForm";
import { AutoResponseQueues } from "@/components/admin/AutoResponseQueues";
import { DeleteButton } from "@/components/admin/DeleteButton";
import { getDb } from "@/db/client";
import { foundOrNotFound, idOrNotFound } from "@/lib/not-found";
import { requireAdmin } from "@/server/auth/require-admin";
import { findAutoResponse } from "@/server/auto-responses/find-auto-response";
import { listAdminQueues } from "@/server/queues/list-admin-queues";
import { previewTemplateAction } from "../../templates/actions";
import { deleteAutoResponseAction, linkAutoResponseAction, updateAutoResponseAction } from "../actions";

export const metadata: Metadata = { title: "Auto response" };
export const dynamic = "force-dynamic";

export default async function AdminAutoResponsePage({ params }: { params: Promise<{ id: string }> }) {
  await requireAdmin();
  const id = idOrNotFound((await params).id);
  const db = getDb();
  const response = await foundOrNotFound(findAutoResponse(db, id));
  const queues = (await listAdminQueues(db)).map(({ id, name, valid }) => ({ id, name, valid }));
  return (
    <div className="space-y-4">
      <Link href="/admin/auto-responses" className="text-sm text-zinc-500 hover:underline">
        ← Auto responses
      </Link>
      <h1 className="text-xl font-semibold">{response.name}</h1>
      <AutoResponseForm response={response} save={updateAutoResponseAction.bind(null, response.id)} preview={previewTemplateAction} />
      <AutoResponseQueues response={response} queues={queues} save={linkAutoResponseAction.bind(null, response.id)} />
      <DeleteButton what={`the auto response ${response.name}`} remove={deleteAutoResponseAction.bind(null, response.id)} back="/admin/auto-responses" testId="auto-response-delete" />
    </div>
  );
}
