import { getDb } from "@/db/client";
import { adminRoute } from "@/server/api/admin-route";
import { readJson } from "@/server/api/read-json";
import { idParam, parseParam } from "@/server/api/schemas";
import { findAdminQueue } from "@/server/queues/find-admin-queue";
import { updateQueue, updateQueueInput } from "@/server/queues/update-queue";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const GET = adminRoute<Params>(async ({ params }) => Response.json(await findAdminQueue(getDb(), parseParam("id", idParam, params.id))));

export const PATCH = adminRoute<Params>(async ({ request, actor, params }) => {
  // The body first: an over-size request is 413 whatever else is wrong with it.
  const body = await readJson(request, updateQueueInput.omit({ id: true }).strict());
  return Response.json(await updateQueue(getDb(), actor, { ...body, id: parseParam("id", idParam, params.id) }));
});
