import { getDb } from "@/db/client";
import { apiRoute } from "@/server/api/api-route";
import { readJson } from "@/server/api/read-json";
import { mergeBody, parseParam, ticketNumberParam } from "@/server/api/schemas";
import { mergeTickets } from "@/server/tickets/merge-tickets";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ number: string }>(async ({ request, actor, params }) => {
  // The body first: an over-size request is 413 whatever else is wrong with it.
  const body = await readJson(request, mergeBody);
  const number = parseParam("number", ticketNumberParam, params.number);
  return Response.json(await mergeTickets(getDb(), { ...body, actor, number }));
});
