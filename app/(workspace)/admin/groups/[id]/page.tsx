import type { Metadata } from "next";
import Link from "next/link";
import { tableClass } from "@/components/admin/form-styles";
import { GroupAddMember } from "@/components/admin/GroupAddMember";
import { GroupEditForm } from "@/components/admin/GroupEditForm";
import { PermissionCheckboxes, PermissionHeader } from "@/components/admin/PermissionCheckboxes";
import { getDb } from "@/db/client";
import { foundOrNotFound, idOrNotFound } from "@/lib/not-found";
import { listAdminAgents } from "@/server/agents/list-admin-agents";
import { requireAdmin } from "@/server/auth/require-admin";
import { getGroup } from "@/server/groups/get-group";
import { setPermissionsAction } from "../../agents/actions";

export const metadata: Metadata = { title: "Group" };
export const dynamic = "force-dynamic";

export default async function AdminGroupPage({ params }: { params: Promise<{ id: string }> }) {
  await requireAdmin();
  const id = idOrNotFound((await params).id);
  const db = getDb();
  const group = await foundOrNotFound(getGroup(db, id));
  const members = new Set(group.members.map((member) => member.agent.id));
  const candidates = (await listAdminAgents(db)).filter((agent) => agent.valid && !members.has(agent.id));
  return (
    <div className="space-y-6">
      <div>
        <Link href="/admin/groups" className="text-sm text-sky-700 hover:underline dark:text-sky-400">
          ← Groups
        </Link>
        <h1 className="text-xl font-semibold">Group {group.name}</h1>
        <p className="text-sm text-zinc-500">Queues: {group.queues.map((queue) => queue.name).join(", ") || "none yet"}</p>
      </div>
      <GroupEditForm group={group} />
      <section className="space-y-2" aria-label="Members">
        <h2 className="font-semibold">Members and their permissions</h2>
        {group.members.length === 0 ? (
          <p className="text-sm text-zinc-500">Nobody holds a permission on this group yet.</p>
        ) : (
          <table className={tableClass}>
            <thead>
              <PermissionHeader first="Agent" />
            </thead>
            <tbody>
              {group.members.map((member) => (
                <PermissionCheckboxes
                  key={member.agent.id}
                  testId={`member-${member.agent.login}`}
                  label={
                    <Link href={`/admin/agents/${member.agent.id}`} className="hover:underline">
                      {member.agent.name} ({member.agent.login}){member.agent.valid ? "" : " — invalid"}
                    </Link>
                  }
                  initial={member.permissions}
                  save={setPermissionsAction.bind(null, member.agent.id, group.id)}
                />
              ))}
            </tbody>
          </table>
        )}
      </section>
      <GroupAddMember groupId={group.id} candidates={candidates} />
    </div>
  );
}
