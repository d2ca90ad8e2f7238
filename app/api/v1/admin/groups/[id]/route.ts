import { getDb } from "@/db/client";
import { adminRoute } from "@/server/api/admin-route";
import { readJson } from "@/server/api/read-json";
import { idParam, parseParam } from "@/server/api/schemas";
import { getGroup } from "@/server/groups/get-group";
import { updateGroup, updateGroupInput } from "@/server/groups/update-group";

export const dynamic = "force-dynamic";

export const GET = adminRoute<{ id: string }>(async ({ params }) => Response.json(await getGroup(getDb(), parseParam("id", idParam, params.id))));

/** `{name?, valid?}`: 200 and the group with its queues and members. */
export const PATCH = adminRoute<{ id: string }>(async ({ request, actor, params }) => {
  const id = parseParam("id", idParam, params.id);
  const db = getDb();
  await updateGroup(db, actor, { ...(await readJson(request, updateGroupInput.omit({ id: true }).strict())), id });
  return Response.json(await getGroup(db, id));
});
