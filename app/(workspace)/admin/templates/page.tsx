import type { Metadata } from "next";
import Link from "next/link";
import { tableClass } from "@/components/admin/form-styles";
import { ListHeader } from "@/components/admin/ListHeader";
import { getDb } from "@/db/client";
import { requireAdmin } from "@/server/auth/require-admin";
import { listAdminTemplates } from "@/server/templates/list-admin-templates";

export const metadata: Metadata = { title: "Templates" };
export const dynamic = "force-dynamic";

export default async function AdminTemplatesPage() {
  await requireAdmin();
  const templates = await listAdminTemplates(getDb());
  return (
    <div className="space-y-6">
      <ListHeader title="Response templates" newHref="/admin/templates/new" newLabel="New template" />
      <table className={tableClass} aria-label="Templates">
        <thead>
          <tr>
            <th>Name</th>
            <th>Kind</th>
            <th>Queues</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {templates.map((template) => (
            <tr key={template.id} data-testid="template-row" className={template.valid ? undefined : "text-zinc-400"}>
              <td>
                <Link href={`/admin/templates/${template.id}`} className="font-medium text-sky-700 hover:underline dark:text-sky-400">
                  {template.name}
                </Link>
              </td>
              <td>{template.kind}</td>
              <td className="text-xs">{template.queues.map((queue) => queue.name).join(", ") || "—"}</td>
              <td>{template.valid ? "valid" : "invalid"}</td>
            </tr>
          ))}
          {templates.length === 0 && (
            <tr>
              <td colSpan={4} className="text-zinc-500">
                No templates yet.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
