import { getDb } from "@/db/client";
import { apiRoute } from "@/server/api/api-route";
import { readJson } from "@/server/api/read-json";
import { parseParam, ticketNumberParam, unlockBody } from "@/server/api/schemas";
import { unlockTicket } from "@/server/tickets/unlock-ticket";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ number: string }>(async ({ request, actor, params }) => {
  // The body first: an over-size request is 413 whatever else is wrong with it.
  const body = await readJson(request, unlockBody);
  const number = parseParam("number", ticketNumberParam, params.number);
  return Response.json(await unlockTicket(getDb(), { ...body, actor, number }));
});
