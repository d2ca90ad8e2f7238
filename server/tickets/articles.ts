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
export function articleInsert(ticketId: SQL, id: SQL = sql`default`): SQL {
  const value = (name: keyof ReturnType<typeof articleValues>) => sql.placeholder(name);
  return sql`
    insert into ${articles} (id, ticket_id, kind, sender_type, from_address, reply_to, to_address, cc, subject, body_text, body_html, message_id, in_reply_to, "references", visible_to_customer, created_by, inbound_message_id)
    values (${id}, ${ticketId}, ${value("articleKind")}, ${value("articleSenderType")}, ${value("articleFrom")}, ${value("articleReplyTo")}, ${value("articleTo")}, ${value("articleCc")}, ${value("articleSubject")},
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
const insertWithIdQuery = prebuildQuery(articleInsert(sql`${sql.placeholder("ticketId")}`, sql`${sql.placeholder("id")}`));

/** Ids and time drawn for an article before it is written (`writeArticle`). */
export interface ArticleIds {
  articleId: number;
  attachmentIds: number[];
  /** The transaction's time, which the article's `created_at` defaults to. */
  createdAt: string;
}

const allocateQuery = prebuildQuery(sql`
  select nextval(pg_get_serial_sequence('articles', 'id'))::int as "articleId",
    array(select nextval(pg_get_serial_sequence('attachments', 'id'))::int from generate_series(1, ${sql.placeholder("attachments")}::int)) as "attachmentIds",
    now() as "createdAt"`);

/** Draws the ids of an article with this many attachments, in the caller's transaction. */
export async function allocateArticleIds(tx: Db, attachmentCount: number): Promise<ArticleIds> {
  const [ids] = await runPrebuiltQuery<ArticleIds>(tx, allocateQuery, { attachments: attachmentCount });
  return ids!;
}

/** Stores the attachments of an article; their ids in the order given (or drawn before, with `allocateArticleIds`). */
export async function insertAttachments(tx: Db, articleId: number, files: NewAttachment[], ids?: number[]): Promise<number[]> {
  if (files.length === 0) return [];
  const inserted = await tx
    .insert(attachments)
    .values(
      files.map((file, index) => ({
        ...(ids ? { id: ids[index] } : {}),
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

/**
 * Stores an article whose ids were drawn before (`allocateArticleIds`): the article is known at
 * once, and its statements go out without waiting for an answer, so that they can leave with
 * what the caller sends next. `written` settles with them; the caller must await it.
 */
export function writeArticle(tx: Db, article: NewArticle, ids: ArticleIds, author: LockOwner | null = null): { article: StoredArticle; written: Promise<unknown> } {
  const files = article.attachments ?? [];
  if (ids.attachmentIds.length !== files.length) throw new Error(`ids drawn for ${ids.attachmentIds.length} attachments, ${files.length} given`);
  const written = Promise.all([
    runPrebuiltQuery(tx, insertWithIdQuery, { id: ids.articleId, ticketId: article.ticketId, ...articleValues(article) }),
    insertAttachments(tx, ids.articleId, files, ids.attachmentIds),
  ]);
  return { article: storedArticle(article, { id: ids.articleId, createdAt: ids.createdAt }, ids.attachmentIds, author), written };
}
