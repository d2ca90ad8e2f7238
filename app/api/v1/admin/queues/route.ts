import { getDb } from "@/db/client";
import { adminRoute } from "@/server/api/admin-route";
import { readJson } from "@/server/api/read-json";
import { createQueue, createQueueInput } from "@/server/queues/create-queue";
import { listAdminQueues } from "@/server/queues/list-admin-queues";

export const dynamic = "force-dynamic";

/** Every queue, valid or not, with all its settings. */
export const GET = adminRoute(async () => Response.json(await listAdminQueues(getDb())));

export const POST = adminRoute(async ({ request, actor }) => Response.json(await createQueue(getDb(), actor, await readJson(request, createQueueInput.strict())), { status: 201 }));
