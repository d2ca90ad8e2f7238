import { getDb } from "@/db/client";
import { createAgent, createAgentInput } from "@/server/agents/create-agent";
import { getAgent } from "@/server/agents/get-agent";
import { listAdminAgents } from "@/server/agents/list-admin-agents";
import { adminRoute } from "@/server/api/admin-route";
import { readJson } from "@/server/api/read-json";

export const dynamic = "force-dynamic";

export const GET = adminRoute(async () => Response.json(await listAdminAgents(getDb())));

/** 201 and the agent; `generatedPassword` is set, once, when no password was given. */
export const POST = adminRoute(async ({ request, actor }) => {
  const db = getDb();
  const added = await createAgent(db, actor, await readJson(request, createAgentInput));
  return Response.json({ ...(await getAgent(db, added.id)), generatedPassword: added.generatedPassword }, { status: 201 });
});
