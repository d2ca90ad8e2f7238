import type { Metadata } from "next";
import Link from "next/link";
import { AgentCreateForm } from "@/components/admin/AgentCreateForm";
import { tableClass } from "@/components/admin/form-styles";
import { ZonedTime } from "@/components/ZonedTime";
import { getDb } from "@/db/client";
import { listAdminAgents } from "@/server/agents/list-admin-agents";
import { MIN_PASSWORD_LENGTH } from "@/server/auth/password";
import { requireAdmin } from "@/server/auth/require-admin";
import { displayTimeZone } from "@/server/preferences/display-time-zone";

export const metadata: Metadata = { title: "Agents" };
export const dynamic = "force-dynamic";

export default async function AdminAgentsPage() {
  const actor = await requireAdmin();
  const db = getDb();
  const [agents, timeZone] = await Promise.all([listAdminAgents(db), displayTimeZone(db, actor.id)]);
  return (
    <div className="space-y-6">
      <h1 className="text-xl font-semibold">Agents</h1>
      <table className={tableClass} aria-label="Agents">
        <thead>
          <tr>
            <th>Login</th>
            <th>Name</th>
            <th>Email</th>
            <th>Groups</th>
            <th>Status</th>
            <th>Created</th>
          </tr>
        </thead>
        <tbody>
          {agents.map((agent) => (
            <tr key={agent.id} data-testid="agent-row" className={agent.valid ? undefined : "text-zinc-400"}>
              <td>
                <Link href={`/admin/agents/${agent.id}`} className="font-medium text-sky-700 hover:underline dark:text-sky-400">
                  {agent.login}
                </Link>
              </td>
              <td>{agent.name}</td>
              <td>{agent.email}</td>
              <td className="text-xs">{agent.permissions.map((grant) => `${grant.group.name} (${grant.permissions.join(", ")})`).join("; ") || "—"}</td>
              <td>
                {agent.isAdmin && <span className="mr-1 rounded bg-amber-100 px-1.5 text-xs text-amber-900 dark:bg-amber-900 dark:text-amber-100">admin</span>}
                {agent.valid ? "valid" : "invalid"}
              </td>
              <td>
                <ZonedTime value={agent.createdAt} timeZone={timeZone} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <AgentCreateForm minPasswordLength={MIN_PASSWORD_LENGTH} />
    </div>
  );
}
