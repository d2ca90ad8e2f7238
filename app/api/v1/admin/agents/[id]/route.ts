import { getDb } from "@/db/client";
import { getAgent } from "@/server/agents/get-agent";
import { updateAgent, updateAgentInput } from "@/server/agents/update-agent";
import { adminRoute } from "@/server/api/admin-route";
import { readJson } from "@/server/api/read-json";
import { idParam, parseParam } from "@/server/api/schemas";

export const dynamic = "force-dynamic";

export const GET = adminRoute<{ id: string }>(async ({ params }) => Response.json(await getAgent(getDb(), parseParam("id", idParam, params.id))));

/** `{name?, email?, isAdmin?, valid?, permissions?: [{group, permissions}]}`: 200 and the agent. */
export const PATCH = adminRoute<{ id: string }>(async ({ request, actor, params }) => {
  const id = parseParam("id", idParam, params.id);
  const db = getDb();
  await updateAgent(db, actor, { ...(await readJson(request, updateAgentInput.omit({ id: true }).strict())), id });
  return Response.json(await getAgent(db, id));
});
