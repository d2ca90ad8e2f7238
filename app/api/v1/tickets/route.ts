import { getDb } from "@/db/client";
import { apiRoute } from "@/server/api/api-route";
import { readJson, readQuery } from "@/server/api/read-json";
import { createTicketBody, MAX_BODY_WITH_ATTACHMENTS_BYTES } from "@/server/api/schemas";
import { decodeAttachments } from "@/server/tickets/attachment-input";
import { createTicket } from "@/server/tickets/create-ticket";
import { listTickets } from "@/server/tickets/list-tickets";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async ({ request, actor }) => Response.json(await listTickets(getDb(), actor, readQuery(request))));

export const POST = apiRoute(async ({ request, actor }) => {
  const body = await readJson(request, createTicketBody, MAX_BODY_WITH_ATTACHMENTS_BYTES);
  const ticket = await createTicket(getDb(), { ...body, actor, attachments: decodeAttachments(body.attachments) });
  return Response.json(ticket, { status: 201 });
});
