import { getDb } from "@/db/client";
import { apiRoute } from "@/server/api/api-route";
import { parseParam, ticketNumberParam } from "@/server/api/schemas";
import { getTicketHistory } from "@/server/tickets/get-ticket";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ number: string }>(async ({ actor, params }) => Response.json(await getTicketHistory(getDb(), actor, parseParam("number", ticketNumberParam, params.number))));
