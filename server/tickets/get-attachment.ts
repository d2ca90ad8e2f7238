import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { articles, attachments, tickets } from "../../db/schema";
import type { Actor } from "../auth/actor";
import { mayRead } from "../auth/permissions";
import { loadPermissionsOnQueue } from "../auth/queue-permissions";
import { NotFoundError } from "../errors";

export interface AttachmentFile {
  filename: string;
  contentType: string;
  content: Buffer;
}

/** An attachment's file, if the actor may read its ticket; otherwise it does not exist for them. */
export async function getAttachment(db: Db, actor: Actor, attachmentId: number): Promise<AttachmentFile> {
  const [found] = await db
    .select({ queueId: tickets.queueId })
    .from(attachments)
    .innerJoin(articles, eq(articles.id, attachments.articleId))
    .innerJoin(tickets, eq(tickets.id, articles.ticketId))
    .where(eq(attachments.id, attachmentId));
  if (!found || !mayRead(await loadPermissionsOnQueue(db, actor, found.queueId))) throw new NotFoundError("attachment");
  const [file] = await db
    .select({ filename: attachments.filename, contentType: attachments.contentType, content: attachments.content })
    .from(attachments)
    .where(eq(attachments.id, attachmentId));
  return file!;
}
