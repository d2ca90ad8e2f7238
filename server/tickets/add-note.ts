import type { Db } from "../../db/client";
import { insertArticle } from "./articles";
import { sql } from "drizzle-orm";
import type { ApiArticle } from "./article-view";
import { applyStateChange } from "./change-state";
import { composeBody, type ComposeInput } from "./reply-to-ticket";
import { withSearchWords } from "./search-vector";
import { changeTicket } from "./ticket-change";

/**
 * Adds an internal note (`note` permission). Another agent's lock does not stop it, as in
 * OTRS; a note never leaves the helpdesk.
 */
export async function addNote(db: Db, input: ComposeInput): Promise<ApiArticle> {
  const { result } = await changeTicket(db, input, async (change) => {
    await change.require("note");
    const body = await composeBody(change, input);
    const subject = input.subject?.trim() || "Note";
    const article = await insertArticle(change.tx, {
      ticketId: change.ticket.id,
      kind: "note_internal",
      senderType: "agent",
      from: change.actor.name,
      subject,
      bodyText: body,
      visibleToCustomer: false,
      createdBy: change.actor.id,
      attachments: input.attachments,
    }, change.actor);
    const ownerWrites = change.ticket.ownerId === change.actor.id;
    await change.update({ searchVector: withSearchWords(`${subject} ${body}`), ...(ownerWrites ? { ownerActivityAt: sql`now()` } : {}) });
    change.record({ type: "AddNote", name: subject, articleId: article.id, data: { article: article.summary } });
    await applyStateChange(change, input);
    return article.view;
  });
  return result;
}
