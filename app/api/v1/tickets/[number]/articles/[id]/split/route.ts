import { getDb } from "@/db/client";
import { apiRoute } from "@/server/api/api-route";
import { readJson } from "@/server/api/read-json";
import { idParam, splitBody, ticketNumberParam } from "@/server/api/schemas";
import { splitArticle } from "@/server/tickets/split-article";
import { parseInput } from "@/server/validation";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ number: string; id: string }>(async ({ request, actor, params }) => {
  const number = parseInput(ticketNumberParam, params.number);
  const articleId = parseInput(idParam, params.id);
  const body = await readJson(request, splitBody);
  return Response.json(await splitArticle(getDb(), { ...body, actor, number, articleId }), { status: 201 });
});
