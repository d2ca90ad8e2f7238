import { getDb } from "@/db/client";
import { apiRoute } from "@/server/api/api-route";
import { readJson } from "@/server/api/read-json";
import { parseParam, ticketNumberParam, updateTicketBody } from "@/server/api/schemas";
import { getTicket } from "@/server/tickets/get-ticket";
import { updateTicket } from "@/server/tickets/update-ticket";

export const dynamic = "force-dynamic";

type Params = { number: string };

export const GET = apiRoute<Params>(async ({ actor, params }) => Response.json(await getTicket(getDb(), actor, parseParam("number", ticketNumberParam, params.number))));

export const PATCH = apiRoute<Params>(async ({ request, actor, params }) => {
  // The body first: an over-size request is 413 whatever else is wrong with it.
  const { pendingUntil, ...body } = await readJson(request, updateTicketBody);
  const number = parseParam("number", ticketNumberParam, params.number);
  const ticket = await updateTicket(getDb(), { ...body, actor, number, pendingUntil: pendingUntil === undefined ? undefined : pendingUntil === null ? null : new Date(pendingUntil) });
  return Response.json(ticket);
});
