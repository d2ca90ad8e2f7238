import { getDb } from "@/db/client";
import { apiRoute } from "@/server/api/api-route";
import { readJson } from "@/server/api/read-json";
import { addArticleBody, MAX_BODY_WITH_ATTACHMENTS_BYTES, parseParam, ticketNumberParam } from "@/server/api/schemas";
import { addNote } from "@/server/tickets/add-note";
import { decodeAttachments } from "@/server/tickets/attachment-input";
import { replyToTicket } from "@/server/tickets/reply-to-ticket";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ number: string }>(async ({ request, actor, params }) => {
  // The body first: an over-size request is 413 whatever else is wrong with it.
  const { kind, to, cc, pendingUntil, attachments, ...body } = await readJson(request, addArticleBody, MAX_BODY_WITH_ATTACHMENTS_BYTES);
  const number = parseParam("number", ticketNumberParam, params.number);
  const input = { ...body, actor, number, attachments: decodeAttachments(attachments), pendingUntil: pendingUntil === undefined ? undefined : new Date(pendingUntil) };
  const article = kind === "reply" ? await replyToTicket(getDb(), { ...input, to, cc }) : await addNote(getDb(), input);
  return Response.json(article, { status: 201 });
});
