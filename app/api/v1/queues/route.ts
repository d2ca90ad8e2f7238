import { getDb } from "@/db/client";
import { apiRoute } from "@/server/api/api-route";
import { listReadableQueues } from "@/server/queues/list-readable-queues";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async ({ actor }) => Response.json(await listReadableQueues(getDb(), actor)));
