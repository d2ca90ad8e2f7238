import type { Metadata } from "next";
import Link from "next/link";
import { AutoResponseForm } from "@/components/admin/AutoResponseForm";
import { requireAdmin } from "@/server/auth/require-admin";
import { previewTemplateAction } from "../../templates/actions";
import { createAutoResponseAction } from "../actions";

export const metadata: Metadata = { title: "New auto response" };
export const dynamic = "force-dynamic";

export default async function NewAutoResponsePage() {
  await requireAdmin();
  return (
    <div className="space-y-4">
      <Link href="/admin/auto-responses" className="text-sm text-zinc-500 hover:underline">
        ← Auto responses
      </Link>
      <h1 className="text-xl font-semibold">New auto response</h1>
      <AutoResponseForm save={createAutoResponseAction} preview={previewTemplateAction} />
    </div>
  );
}
