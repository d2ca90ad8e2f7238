import { getDb } from "@/db/client";
import { adminRoute } from "@/server/api/admin-route";
import { readJson } from "@/server/api/read-json";
import { createTemplate, createTemplateInput } from "@/server/templates/create-template";
import { listAdminTemplates } from "@/server/templates/list-admin-templates";

export const dynamic = "force-dynamic";

/** Every response template, valid or not, with its queues. */
export const GET = adminRoute(async () => Response.json(await listAdminTemplates(getDb())));

export const POST = adminRoute(async ({ request, actor }) => Response.json(await createTemplate(getDb(), actor, await readJson(request, createTemplateInput.strict())), { status: 201 }));
