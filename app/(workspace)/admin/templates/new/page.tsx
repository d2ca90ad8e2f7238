import type { Metadata } from "next";
import Link from "next/link";
import { TemplateForm } from "@/components/admin/TemplateForm";
import { getDb } from "@/db/client";
import { requireAdmin } from "@/server/auth/require-admin";
import { listAdminQueues } from "@/server/queues/list-admin-queues";
import { createTemplateAction, previewTemplateAction } from "../actions";

export const metadata: Metadata = { title: "New template" };
export const dynamic = "force-dynamic";

export default async function NewTemplatePage() {
  await requireAdmin();
  const queues = await listAdminQueues(getDb());
  return (
    <div className="space-y-4">
      <Link href="/admin/templates" className="text-sm text-zinc-500 hover:underline">
        ← Templates
      </Link>
      <h1 className="text-xl font-semibold">New template</h1>
      <TemplateForm queues={queues.map(({ id, name, valid }) => ({ id, name, valid }))} save={createTemplateAction} preview={previewTemplateAction} />
    </div>
  );
}
