import type { UiArticle } from "@/server/tickets/ticket-page";
import { HtmlBody } from "./HtmlBody";

export type ThreadArticle = UiArticle | { id: number; pending: true; kind: string; from: string | null; subject: string; excerpt: string; createdAt: string };

const STYLE: Record<string, string> = {
  customer: "border-zinc-200 bg-white dark:border-zinc-700 dark:bg-zinc-900",
  agent: "border-sky-200 bg-sky-50 dark:border-sky-900 dark:bg-sky-950",
  system: "border-zinc-200 bg-zinc-50 text-zinc-600 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400",
  internal: "border-amber-300 bg-amber-50 dark:border-amber-800 dark:bg-amber-950",
};

const KIND_LABEL: Record<string, string> = { email_in: "Mail in", email_out: "Mail out", note_internal: "Internal note", phone: "Phone call" };

/** One message of the thread; an internal note is set apart, never mistaken for what the customer sees. */
export function ArticleView({ article }: { article: ThreadArticle }) {
  if ("pending" in article) {
    return (
      <article data-testid="article" data-article-id={article.id} className="rounded-lg border border-dashed border-sky-300 p-3 text-sm">
        <header className="mb-1 flex justify-between text-xs text-zinc-500">
          <span>
            {KIND_LABEL[article.kind] ?? article.kind} · {article.from}
          </span>
          <time dateTime={article.createdAt}>{new Date(article.createdAt).toLocaleString()}</time>
        </header>
        <p className="font-medium">{article.subject}</p>
        <p className="whitespace-pre-wrap">{article.excerpt}</p>
      </article>
    );
  }
  const style = article.internal ? STYLE.internal : STYLE[article.senderType];
  return (
    <article data-testid="article" data-article-id={article.id} data-kind={article.kind} className={`rounded-lg border p-3 text-sm ${style}`}>
      <header className="mb-2 flex flex-wrap items-baseline justify-between gap-2 text-xs text-zinc-500">
        <span>
          <span className="font-semibold text-zinc-700 dark:text-zinc-200">{article.internal ? "Internal note" : KIND_LABEL[article.kind]}</span> · {article.createdBy?.name ?? article.from}
          {article.to && <> → {article.to}</>}
          {article.cc && <> (cc {article.cc})</>}
        </span>
        <time dateTime={article.createdAt}>{new Date(article.createdAt).toLocaleString()}</time>
      </header>
      {article.subject && <p className="mb-1 font-medium">{article.subject}</p>}
      {article.html ? <HtmlBody html={article.html} /> : <p className="whitespace-pre-wrap break-words">{article.body}</p>}
      {article.attachments.length > 0 && (
        <ul className="mt-2 flex flex-wrap gap-2 text-xs">
          {article.attachments.map((attachment) => (
            <li key={attachment.id}>
              <a href={`/api/v1/attachments/${attachment.id}`} className="rounded border border-zinc-300 px-2 py-0.5 hover:bg-zinc-100 dark:border-zinc-600 dark:hover:bg-zinc-800" data-testid="attachment">
                {attachment.filename} ({Math.ceil(attachment.size / 1024)} KB)
              </a>
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
