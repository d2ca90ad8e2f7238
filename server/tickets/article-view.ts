import { asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { agents, articles, attachments } from "../../db/schema";
import type { LockOwner } from "../errors";

/** An article as the API shows it (CONTRACT.md); `body` is the plain text. */
export interface ApiArticle {
  id: number;
  kind: "email_in" | "email_out" | "note_internal" | "phone";
  from: string | null;
  to: string | null;
  cc: string | null;
  subject: string;
  body: string;
  createdAt: string;
  createdBy: LockOwner | null;
  attachments: { id: number; filename: string; contentType: string; size: number }[];
}

async function load(db: Db, condition: ReturnType<typeof eq>): Promise<ApiArticle[]> {
  const rows = await db
    .select({
      id: articles.id,
      kind: articles.kind,
      from: articles.fromAddress,
      to: articles.toAddress,
      cc: articles.cc,
      subject: articles.subject,
      body: articles.bodyText,
      createdAt: articles.createdAt,
      agentId: agents.id,
      agentLogin: agents.login,
      agentName: agents.name,
    })
    .from(articles)
    .leftJoin(agents, eq(agents.id, articles.createdBy))
    .where(condition)
    .orderBy(asc(articles.id));
  const files =
    rows.length === 0
      ? []
      : await db
          .select({ id: attachments.id, articleId: attachments.articleId, filename: attachments.filename, contentType: attachments.contentType, size: attachments.size })
          .from(attachments)
          .where(
            inArray(
              attachments.articleId,
              rows.map((row) => row.id),
            ),
          )
          .orderBy(asc(attachments.id));
  return rows.map(({ agentId, agentLogin, agentName, createdAt, ...row }) => ({
    ...row,
    createdAt: createdAt.toISOString(),
    createdBy: agentId === null ? null : { id: agentId, login: agentLogin!, name: agentName! },
    attachments: files.filter((file) => file.articleId === row.id).map(({ articleId: _articleId, ...file }) => file),
  }));
}

/** The ticket's articles, oldest first. */
export function loadArticleViews(db: Db, ticketId: number): Promise<ApiArticle[]> {
  return load(db, eq(articles.ticketId, ticketId));
}

export async function loadArticleView(db: Db, articleId: number): Promise<ApiArticle> {
  const [article] = await load(db, eq(articles.id, articleId));
  if (!article) throw new Error(`article ${articleId} vanished`);
  return article;
}
