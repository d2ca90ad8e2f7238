import { getDb } from "@/db/client";
import { apiRoute } from "@/server/api/api-route";
import { readJson } from "@/server/api/read-json";
import { mergeBody, ticketNumberParam } from "@/server/api/schemas";
import { mergeTickets } from "@/server/tickets/merge-tickets";
import { parseInput } from "@/server/validation";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ number: string }>(async ({ request, actor, params }) => {
  const number = parseInput(ticketNumberParam, params.number);
  const body = await readJson(request, mergeBody);
  return Response.json(await mergeTickets(getDb(), { ...body, actor, number }));
});
