import { getDb } from "@/db/client";
import { apiRoute } from "@/server/api/api-route";
import { readJson } from "@/server/api/read-json";
import { lockBody, ticketNumberParam } from "@/server/api/schemas";
import { lockTicket } from "@/server/tickets/lock-ticket";
import { parseInput } from "@/server/validation";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ number: string }>(async ({ request, actor, params }) => {
  const number = parseInput(ticketNumberParam, params.number);
  const body = await readJson(request, lockBody);
  return Response.json(await lockTicket(getDb(), { ...body, actor, number }));
});
