import type { Db } from "../../db/client";
import { writeArticle } from "./articles";
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
  const { result } = await changeTicket(db, { ...input, newArticle: { attachments: input.attachments?.length ?? 0 } }, async (change) => {
    await change.require("note");
    const body = await composeBody(change, input);
    const subject = input.subject?.trim() || "Note";
    const { article, written } = writeArticle(change.tx, {
      ticketId: change.ticket.id,
      kind: "note_internal",
      senderType: "agent",
      from: change.actor.name,
      subject,
      bodyText: body,
      visibleToCustomer: false,
      createdBy: change.actor.id,
      attachments: input.attachments,
    }, change.articleIds, change.actor);
    // The note and the ticket's columns go out with the history and the COMMIT.
    change.pipeline(written);
    const ownerWrites = change.ticket.ownerId === change.actor.id;
    change.pipeline(change.update({ searchVector: withSearchWords(`${subject} ${body}`), ...(ownerWrites ? { ownerActivityAt: sql`now()` } : {}) }));
    change.record({ type: "AddNote", name: subject, articleId: article.id, data: { article: article.summary } });
    await applyStateChange(change, input);
    return article.view;
  });
  return result;
}
