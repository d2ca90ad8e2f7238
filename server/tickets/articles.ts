import { articles, attachments } from "../../db/schema";
import type { Db } from "../../db/client";
import type { LockOwner } from "../errors";
import type { ApiArticle } from "./article-view";
import type { ArticleSummary } from "./history";

export type ArticleKind = (typeof articles.$inferInsert)["kind"];

export interface NewAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
  contentId?: string | null;
  inline?: boolean;
}

export interface NewArticle {
  ticketId: number;
  kind: ArticleKind;
  senderType: "customer" | "agent" | "system";
  from?: string | null;
  replyTo?: string | null;
  to?: string | null;
  cc?: string | null;
  subject: string;
  bodyText: string;
  bodyHtml?: string | null;
  messageId?: string | null;
  inReplyTo?: string | null;
  references?: string | null;
  visibleToCustomer: boolean;
  createdBy: number | null;
  inboundMessageId?: number | null;
  attachments?: NewAttachment[];
}

const EXCERPT_LENGTH = 200;

export function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > EXCERPT_LENGTH ? `${flat.slice(0, EXCERPT_LENGTH - 1)}…` : flat;
}

export interface StoredArticle {
  id: number;
  summary: ArticleSummary;
  attachmentIds: number[];
  /** The article as the API shows it, from what was stored: no need to read it back. */
  view: ApiArticle;
}

/** Stores an article and its attachments; the caller adds its words to the ticket's search vector. */
export async function insertArticle(tx: Db, article: NewArticle, author: LockOwner | null = null): Promise<StoredArticle> {
  const { attachments: files = [], from, to, ...values } = article;
  const [row] = await tx
    .insert(articles)
    .values({ ...values, fromAddress: from ?? null, toAddress: to ?? null })
    .returning({ id: articles.id, createdAt: articles.createdAt });
  const id = row!.id;
  let attachmentIds: number[] = [];
  if (files.length > 0) {
    const inserted = await tx.insert(attachments).values(
      files.map((file) => ({
        articleId: id,
        filename: file.filename,
        contentType: file.contentType,
        size: file.content.length,
        contentId: file.contentId ?? null,
        inline: file.inline ?? false,
        content: file.content,
      })),
    ).returning({ id: attachments.id });
    attachmentIds = inserted.map((attachment) => attachment.id);
  }
  return {
    id,
    attachmentIds,
    summary: { id, kind: article.kind, from: article.from ?? null, subject: article.subject, excerpt: excerpt(article.bodyText) },
    view: {
      id,
      kind: article.kind,
      from: from ?? null,
      to: to ?? null,
      cc: article.cc ?? null,
      subject: article.subject,
      body: article.bodyText,
      createdAt: row!.createdAt.toISOString(),
      createdBy: author && { id: author.id, login: author.login, name: author.name },
      attachments: files.map((file, index) => ({ id: attachmentIds[index]!, filename: file.filename, contentType: file.contentType, size: file.content.length })),
    },
  };
}
