import { z } from "zod";
import { getDb } from "@/db/client";
import { apiRoute } from "@/server/api/api-route";
import { readQuery } from "@/server/api/read-json";
import { listTemplatesForQueue } from "@/server/templates/list-templates";
import { parseInput } from "@/server/validation";

export const dynamic = "force-dynamic";

const query = z.object({ queue: z.string().trim().min(1, "required: the queue's id or name") });

export const GET = apiRoute(async ({ request, actor }) => {
  const { queue } = parseInput(query, readQuery(request));
  return Response.json(await listTemplatesForQueue(getDb(), actor, queue));
});
