import { getDb } from "@/db/client";
import { apiRoute } from "@/server/api/api-route";
import { readJson } from "@/server/api/read-json";
import { ticketNumberParam, unlockBody } from "@/server/api/schemas";
import { unlockTicket } from "@/server/tickets/unlock-ticket";
import { parseInput } from "@/server/validation";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ number: string }>(async ({ request, actor, params }) => {
  const number = parseInput(ticketNumberParam, params.number);
  const body = await readJson(request, unlockBody);
  return Response.json(await unlockTicket(getDb(), { ...body, actor, number }));
});
