import { getDb } from "@/db/client";
import { adminRoute } from "@/server/api/admin-route";
import { readJson } from "@/server/api/read-json";
import { addGroupInput } from "@/server/groups/add-group";
import { createGroup } from "@/server/groups/create-group";
import { getGroup } from "@/server/groups/get-group";
import { listGroups } from "@/server/groups/list-groups";

export const dynamic = "force-dynamic";

export const GET = adminRoute(async () => Response.json(await listGroups(getDb())));

export const POST = adminRoute(async ({ request, actor }) => {
  const db = getDb();
  const group = await createGroup(db, actor, await readJson(request, addGroupInput.strict()));
  return Response.json(await getGroup(db, group.id), { status: 201 });
});
