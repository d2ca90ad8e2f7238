import { getDb } from "@/db/client";
import { apiRoute } from "@/server/api/api-route";
import { readJson } from "@/server/api/read-json";
import { lockBody, parseParam, ticketNumberParam } from "@/server/api/schemas";
import { lockTicket } from "@/server/tickets/lock-ticket";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ number: string }>(async ({ request, actor, params }) => {
  // The body first: an over-size request is 413 whatever else is wrong with it.
  const body = await readJson(request, lockBody);
  const number = parseParam("number", ticketNumberParam, params.number);
  return Response.json(await lockTicket(getDb(), { ...body, actor, number }));
});
