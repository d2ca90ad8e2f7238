import type { Metadata } from "next";
import Link from "next/link";
import { DeleteButton } from "@/components/admin/DeleteButton";
import { TemplateForm } from "@/components/admin/TemplateForm";
import { getDb } from "@/db/client";
import { foundOrNotFound, idOrNotFound } from "@/lib/not-found";
import { requireAdmin } from "@/server/auth/require-admin";
import { listAdminQueues } from "@/server/queues/list-admin-queues";
import { findAdminTemplate } from "@/server/templates/find-admin-template";
import { deleteTemplateAction, previewTemplateAction, updateTemplateAction } from "../actions";

export const metadata: Metadata = { title: "Template" };
export const dynamic = "force-dynamic";

export default async function AdminTemplatePage({ params }: { params: Promise<{ id: string }> }) {
  await requireAdmin();
  const id = idOrNotFound((await params).id);
  const db = getDb();
  const template = await foundOrNotFound(findAdminTemplate(db, id));
  const queues = await listAdminQueues(db);
  return (
    <div className="space-y-4">
      <Link href="/admin/templates" className="text-sm text-zinc-500 hover:underline">
        ← Templates
      </Link>
      <h1 className="text-xl font-semibold">{template.name}</h1>
      <TemplateForm template={template} queues={queues.map(({ id, name, valid }) => ({ id, name, valid }))} save={updateTemplateAction.bind(null, template.id)} preview={previewTemplateAction} />
      <DeleteButton what={`the template ${template.name}`} remove={deleteTemplateAction.bind(null, template.id)} back="/admin/templates" testId="template-delete" />
    </div>
  );
}
