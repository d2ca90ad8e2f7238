import type { Metadata } from "next";
import Link from "next/link";
import { tableClass } from "@/components/admin/form-styles";
import { GroupCreateForm } from "@/components/admin/GroupCreateForm";
import { ZonedTime } from "@/components/ZonedTime";
import { getDb } from "@/db/client";
import { requireAdmin } from "@/server/auth/require-admin";
import { listGroups } from "@/server/groups/list-groups";
import { displayTimeZone } from "@/server/preferences/display-time-zone";

export const metadata: Metadata = { title: "Groups" };
export const dynamic = "force-dynamic";

export default async function AdminGroupsPage() {
  const actor = await requireAdmin();
  const db = getDb();
  const [groups, timeZone] = await Promise.all([listGroups(db), displayTimeZone(db, actor.id)]);
  return (
    <div className="space-y-6">
      <h1 className="text-xl font-semibold">Groups</h1>
      <table className={tableClass} aria-label="Groups">
        <thead>
          <tr>
            <th>Name</th>
            <th>Members</th>
            <th>Queues</th>
            <th>Status</th>
            <th>Created</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((group) => (
            <tr key={group.id} data-testid="group-row" className={group.valid ? undefined : "text-zinc-400"}>
              <td>
                <Link href={`/admin/groups/${group.id}`} className="font-medium text-sky-700 hover:underline dark:text-sky-400">
                  {group.name}
                </Link>
              </td>
              <td className="tabular-nums">{group.memberCount}</td>
              <td className="text-xs">{group.queues.map((queue) => queue.name).join(", ") || "—"}</td>
              <td>{group.valid ? "valid" : "invalid"}</td>
              <td>
                <ZonedTime value={group.createdAt} timeZone={timeZone} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <GroupCreateForm />
    </div>
  );
}
