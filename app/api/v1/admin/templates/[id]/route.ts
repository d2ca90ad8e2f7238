import { getDb } from "@/db/client";
import { adminRoute } from "@/server/api/admin-route";
import { readJson } from "@/server/api/read-json";
import { idParam, parseParam } from "@/server/api/schemas";
import { findAdminTemplate } from "@/server/templates/find-admin-template";
import { updateTemplate, updateTemplateInput } from "@/server/templates/update-template";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const GET = adminRoute<Params>(async ({ params }) => Response.json(await findAdminTemplate(getDb(), parseParam("id", idParam, params.id))));

export const PATCH = adminRoute<Params>(async ({ request, actor, params }) => {
  const body = await readJson(request, updateTemplateInput.omit({ id: true }).strict());
  return Response.json(await updateTemplate(getDb(), actor, { ...body, id: parseParam("id", idParam, params.id) }));
});
