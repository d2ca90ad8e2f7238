import { sql, type SQL } from "drizzle-orm";
import { prebuildQuery, runPrebuiltQuery } from "../../db/prebuilt-query";
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

/**
 * The insert of one article, its ticket given by `ticketId` (a placeholder, or a scalar subquery
 * on an earlier part of the statement), its values by the placeholders of `articleValues`;
 * it returns the article's `id` and `createdAt`. Statements that store an article with more
 * (a new ticket, an auto response's mail) are built around it.
 */
export function articleInsert(ticketId: SQL): SQL {
  const value = (name: keyof ReturnType<typeof articleValues>) => sql.placeholder(name);
  return sql`
    insert into ${articles} (ticket_id, kind, sender_type, from_address, reply_to, to_address, cc, subject, body_text, body_html, message_id, in_reply_to, "references", visible_to_customer, created_by, inbound_message_id)
    values (${ticketId}, ${value("articleKind")}, ${value("articleSenderType")}, ${value("articleFrom")}, ${value("articleReplyTo")}, ${value("articleTo")}, ${value("articleCc")}, ${value("articleSubject")},
      ${value("articleBodyText")}, ${value("articleBodyHtml")}, ${value("articleMessageId")}, ${value("articleInReplyTo")}, ${value("articleReferences")}, ${value("articleVisibleToCustomer")},
      ${value("articleCreatedBy")}, ${value("articleInboundMessageId")})
    returning id, created_at as "createdAt"`;
}

/** The placeholders of `articleInsert`. */
export function articleValues(article: Omit<NewArticle, "ticketId">) {
  return {
    articleKind: article.kind,
    articleSenderType: article.senderType,
    articleFrom: article.from ?? null,
    articleReplyTo: article.replyTo ?? null,
    articleTo: article.to ?? null,
    articleCc: article.cc ?? null,
    articleSubject: article.subject,
    articleBodyText: article.bodyText,
    articleBodyHtml: article.bodyHtml ?? null,
    articleMessageId: article.messageId ?? null,
    articleInReplyTo: article.inReplyTo ?? null,
    articleReferences: article.references ?? null,
    articleVisibleToCustomer: article.visibleToCustomer,
    articleCreatedBy: article.createdBy,
    articleInboundMessageId: article.inboundMessageId ?? null,
  };
}

/** What `articleInsert` returns (timestamps come from postgres.js as text: drizzle maps them, prebuilt queries do not). */
export interface InsertedArticleRow {
  id: number;
  createdAt: string;
}

const insertQuery = prebuildQuery(articleInsert(sql`${sql.placeholder("ticketId")}`));

/** Stores the attachments of an article; their ids in the order given. */
export async function insertAttachments(tx: Db, articleId: number, files: NewAttachment[]): Promise<number[]> {
  if (files.length === 0) return [];
  const inserted = await tx
    .insert(attachments)
    .values(
      files.map((file) => ({
        articleId,
        filename: file.filename,
        contentType: file.contentType,
        size: file.content.length,
        contentId: file.contentId ?? null,
        inline: file.inline ?? false,
        content: file.content,
      })),
    )
    .returning({ id: attachments.id });
  return inserted.map((attachment) => attachment.id);
}

/** The article as stored, from what was given and what its insert returned. */
export function storedArticle(article: NewArticle, row: InsertedArticleRow, attachmentIds: number[], author: LockOwner | null = null): StoredArticle {
  const { id } = row;
  const files = article.attachments ?? [];
  return {
    id,
    attachmentIds,
    summary: { id, kind: article.kind, from: article.from ?? null, subject: article.subject, excerpt: excerpt(article.bodyText) },
    view: {
      id,
      kind: article.kind,
      from: article.from ?? null,
      to: article.to ?? null,
      cc: article.cc ?? null,
      subject: article.subject,
      body: article.bodyText,
      createdAt: new Date(row.createdAt).toISOString(),
      createdBy: author && { id: author.id, login: author.login, name: author.name },
      attachments: files.map((file, index) => ({ id: attachmentIds[index]!, filename: file.filename, contentType: file.contentType, size: file.content.length })),
    },
  };
}

/** Stores an article and its attachments; the caller adds its words to the ticket's search vector. */
export async function insertArticle(tx: Db, article: NewArticle, author: LockOwner | null = null): Promise<StoredArticle> {
  const [row] = await runPrebuiltQuery<InsertedArticleRow>(tx, insertQuery, { ticketId: article.ticketId, ...articleValues(article) });
  return storedArticle(article, row!, await insertAttachments(tx, row!.id, article.attachments ?? []), author);
}
