import { getDb } from "@/db/client";
import { apiRoute } from "@/server/api/api-route";
import { readJson } from "@/server/api/read-json";
import { idParam, parseParam, splitBody, ticketNumberParam } from "@/server/api/schemas";
import { splitArticle } from "@/server/tickets/split-article";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ number: string; id: string }>(async ({ request, actor, params }) => {
  // The body first: an over-size request is 413 whatever else is wrong with it.
  const body = await readJson(request, splitBody);
  const number = parseParam("number", ticketNumberParam, params.number);
  const articleId = parseParam("id", idParam, params.id);
  return Response.json(await splitArticle(getDb(), { ...body, actor, number, articleId }), { status: 201 });
});
