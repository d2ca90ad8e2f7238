import type { Metadata } from "next";
import Link from "next/link";
import { AgentEditForm } from "@/components/admin/AgentEditForm";
import { AgentPasswordReset } from "@/components/admin/AgentPasswordReset";
import { tableClass } from "@/components/admin/form-styles";
import { PermissionCheckboxes, PermissionHeader } from "@/components/admin/PermissionCheckboxes";
import { ZonedTime } from "@/components/ZonedTime";
import { getDb } from "@/db/client";
import { foundOrNotFound, idOrNotFound } from "@/lib/not-found";
import { getAgent } from "@/server/agents/get-agent";
import { MIN_PASSWORD_LENGTH } from "@/server/auth/password";
import { requireAdmin } from "@/server/auth/require-admin";
import { listGroups } from "@/server/groups/list-groups";
import { displayTimeZone } from "@/server/preferences/display-time-zone";
import { setPermissionsAction } from "../actions";

export const metadata: Metadata = { title: "Agent" };
export const dynamic = "force-dynamic";

export default async function AdminAgentPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireAdmin();
  const id = idOrNotFound((await params).id);
  const db = getDb();
  const agent = await foundOrNotFound(getAgent(db, id));
  const [groups, timeZone] = await Promise.all([listGroups(db), displayTimeZone(db, actor.id)]);
  return (
    <div className="space-y-6">
      <div>
        <Link href="/admin/agents" className="text-sm text-sky-700 hover:underline dark:text-sky-400">
          ← Agents
        </Link>
        <h1 className="text-xl font-semibold">
          {agent.name} <span className="font-normal text-zinc-500">({agent.login})</span>
        </h1>
        <p className="text-sm text-zinc-500">
          Created <ZonedTime value={agent.createdAt} timeZone={timeZone} />
          {agent.valid ? "" : " · invalid"}
        </p>
      </div>
      <AgentEditForm agent={agent} isSelf={agent.id === actor.id} />
      <section className="space-y-2" aria-label="Permissions">
        <h2 className="font-semibold">Permissions per group</h2>
        <p className="text-xs text-zinc-500">`rw` implies all the others. Changes reach the agent&apos;s open pages at once.</p>
        <table className={tableClass}>
          <thead>
            <PermissionHeader first="Group" />
          </thead>
          <tbody>
            {groups.map((group) => (
              <PermissionCheckboxes
                key={group.id}
                testId={`permissions-${group.name}`}
                label={group.valid ? group.name : `${group.name} (invalid)`}
                initial={agent.permissions.find((grant) => grant.group.id === group.id)?.permissions ?? []}
                save={setPermissionsAction.bind(null, agent.id, group.id)}
              />
            ))}
          </tbody>
        </table>
      </section>
      <AgentPasswordReset agentId={agent.id} minPasswordLength={MIN_PASSWORD_LENGTH} />
    </div>
  );
}
