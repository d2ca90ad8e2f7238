"use client";

import Link from "next/link";
import { useCallback, useEffect, useState, useTransition } from "react";
import { loadArticleAction, lockAction, unlockAction } from "@/app/(workspace)/tickets/[number]/actions";
import { decideTicketAction, type Permission, type TicketAction } from "@/server/auth/permissions";
import type { Viewer } from "@/server/realtime/event-types";
import type { ApiHistoryEntry } from "@/server/tickets/get-ticket";
import type { TicketPageData } from "@/server/tickets/ticket-page";
import type { ApiTicket } from "@/server/tickets/ticket-view";
import type { Actor } from "@/server/auth/actor";
import { LockBadge } from "../LockBadge";
import { useLiveEvent, useRealtime } from "../realtime/RealtimeProvider";
import { useToast } from "../ToastProvider";
import { useShortcuts } from "../useShortcuts";
import { ArticleView, type ThreadArticle } from "./ArticleView";
import { PresenceAvatars } from "./PresenceAvatars";
import { ReplyComposer } from "./ReplyComposer";
import { TicketActions } from "./TicketActions";
import { TicketSidebar } from "./TicketSidebar";
import { useHydrated } from "../useHydrated";

type Composer = "reply" | "note" | null;

/**
 * The ticket page, live: the ticket and its thread follow every change as it commits (no
 * reload, no request), the lock shows who holds it, and what the table forbids is disabled
 * with the reason — the server refuses it too. Opening the reply locks the ticket, as OTRS.
 */
export function TicketWorkspace({ initial, agent, renderedAt }: { initial: TicketPageData; agent: Actor; renderedAt: number }) {
  const realtime = useRealtime();
  const toast = useToast();
  const [ticket, setTicket] = useState(initial.ticket);
  const [articles, setArticles] = useState<ThreadArticle[]>(initial.articles);
  const [history, setHistory] = useState<ApiHistoryEntry[]>(initial.history);
  const [viewers, setViewers] = useState<Viewer[]>([]);
  const [composer, setComposer] = useState<Composer>(null);
  const [lockedForReply, setLockedForReply] = useState(false);
  const [tab, setTab] = useState<"thread" | "history">("thread");
  const [error, setError] = useState<string | null>(null);
  const [transitionPending, startTransition] = useTransition();
  const hydrated = useHydrated();
  const pending = transitionPending || !hydrated;
  const number = ticket.number;
  const permissions = new Set<Permission>(initial.permissions);

  useEffect(() => {
    void realtime.watch(number);
    return () => void realtime.unwatch(number);
  }, [realtime, number]);

  /** A newer version of the ticket replaces the shown one; an older one (a late event) is ignored. */
  const accept = useCallback((next: ApiTicket) => setTicket((shown) => (next.version > shown.version ? next : shown)), []);
  const remember = (entry: { eventId: number; type: string; name: string; actor: Actor | { id: number; login: string; name: string } | null; at: string }) =>
    setHistory((shown) => (shown.some((row) => row.id === entry.eventId) ? shown : [...shown, { id: entry.eventId, type: entry.type, name: entry.name, actor: entry.actor, createdAt: entry.at }]));

  useLiveEvent(
    "ticket:updated",
    (event) => {
      if (event.ticket.number !== number) return;
      const takenFromMe = composer === "reply" && event.ticket.lock === "locked" && event.ticket.owner?.id !== agent.id;
      if (takenFromMe) toast({ text: `${event.actor?.name ?? "Someone"} took this ticket over; your draft is kept.`, tone: "warning" });
      accept(event.ticket);
      remember(event);
    },
    renderedAt,
  );
  useLiveEvent(
    "article:created",
    (event) => {
      if (event.ticket.number !== number) return;
      accept(event.ticket);
      remember(event);
      setArticles((shown) => (shown.some((article) => article.id === event.article.id) ? shown : [...shown, { ...event.article, pending: true, createdAt: event.at }]));
    },
    renderedAt,
  );

  // An article that arrived live is shown at once from its event; its full text is fetched
  // only after that is on screen, so the update itself never waits for a request.
  const pendingIds = articles.filter((article) => "pending" in article).map((article) => article.id).join(",");
  useEffect(() => {
    for (const id of pendingIds.split(",").filter(Boolean).map(Number)) {
      void loadArticleAction(number, id).then((result) => {
        if (result.ok && result.value) setArticles((shown) => shown.map((article) => (article.id === result.value!.id ? result.value! : article)));
      });
    }
  }, [pendingIds, number]);
  useLiveEvent("presence", (event) => {
    if (event.number === number) setViewers(event.viewers);
  });

  const refusal = (action: TicketAction, force?: boolean): string | null => {
    // A move is offered only into queues the agent may move into: judge the source side here.
    const targetPermissions = action === "move" ? new Set<Permission>(["ro", "move_into"]) : undefined;
    const decision = decideTicketAction({ action, actorId: agent.id, permissions, ticket: { lock: ticket.lock, ownerId: ticket.owner?.id ?? null }, force, targetPermissions });
    if (decision.allowed) return null;
    return decision.reason === "locked" ? `Locked by ${ticket.owner?.name ?? "another agent"}` : decision.message;
  };

  const openComposer = (mode: Exclude<Composer, null>) => {
    if (mode === "note") return setComposer("note");
    const reason = refusal("reply");
    if (reason) return setError(reason);
    if (ticket.lock === "locked") return setComposer("reply");
    startTransition(async () => {
      const result = await lockAction(number);
      if (!result.ok) return setError(result.error.message);
      accept(result.value);
      setLockedForReply(true);
      setComposer("reply");
    });
  };

  const closeComposer = (sent: boolean) => {
    const lockedHere = lockedForReply && composer === "reply";
    setComposer(null);
    setLockedForReply(false);
    // Cancelling a reply gives back the lock that opening it took (OTRS).
    if (lockedHere && !sent && ticket.owner?.id === agent.id) startTransition(async () => {
      const result = await unlockAction(number);
      if (result.ok) accept(result.value);
    });
  };

  const lock = () =>
    startTransition(async () => {
      const result = await lockAction(number);
      if (result.ok) accept(result.value);
      else setError(result.error.message);
    });

  useShortcuts({ r: () => openComposer("reply"), n: () => openComposer("note"), l: lock });

  const lockedByOther = ticket.lock === "locked" && ticket.owner?.id !== agent.id;
  const replyRefusal = refusal("reply");
  return (
    <div className="space-y-4">
      <header className="space-y-2">
        <div className="flex flex-wrap items-center gap-3">
          <Link href={`/queues/${ticket.queue.id}`} className="text-sm text-zinc-500 hover:underline">{ticket.queue.name}</Link>
          <span className="font-mono text-sm text-zinc-500">#{ticket.number}</span>
          <LockBadge ticket={ticket} agentId={agent.id} />
          <span className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs dark:bg-zinc-800" data-testid="ticket-state">{ticket.state}</span>
          <span className="text-xs text-zinc-500">priority {ticket.priority}</span>
          <PresenceAvatars viewers={viewers} agentId={agent.id} />
        </div>
        <h1 className="text-xl font-semibold" data-testid="ticket-title">{ticket.title}</h1>
        {lockedByOther && (
          <p role="status" data-testid="locked-by" className="rounded bg-red-50 px-3 py-2 text-sm text-red-900 dark:bg-red-950 dark:text-red-100">
            Locked by {ticket.owner?.name}: replying, closing and other changes are theirs until they release it.
          </p>
        )}
        <div className="flex flex-wrap gap-2">
          <button type="button" data-testid="reply" onClick={() => openComposer("reply")} disabled={pending || replyRefusal !== null || composer === "reply"} title={replyRefusal ?? "Reply (r)"} className="rounded bg-sky-700 px-3 py-1 text-sm font-semibold text-white hover:bg-sky-800 disabled:cursor-not-allowed disabled:opacity-50">
            Reply
          </button>
          <button type="button" data-testid="note" onClick={() => openComposer("note")} disabled={!hydrated || refusal("note") !== null || composer === "note"} title={refusal("note") ?? "Note (n)"} className="rounded border border-amber-400 px-3 py-1 text-sm hover:bg-amber-50 disabled:opacity-50 dark:hover:bg-amber-950">
            Note
          </button>
          {ticket.lock !== "locked" && (
            <button type="button" data-testid="lock" disabled={pending || refusal("lock") !== null} title={refusal("lock") ?? "Lock (l)"} onClick={lock} className="rounded border border-zinc-300 px-3 py-1 text-sm hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-600 dark:hover:bg-zinc-800">
              Lock
            </button>
          )}
          {replyRefusal && <span className="self-center text-xs text-zinc-500" data-testid="reply-disabled-reason">{replyRefusal}</span>}
        </div>
        {error && <p role="alert" data-testid="ticket-error" className="text-sm text-red-700 dark:text-red-300">{error}</p>}
      </header>

      <div className="grid gap-4 lg:grid-cols-[1fr_18rem]">
        <div className="min-w-0 space-y-3">
          <div className="flex gap-4 border-b border-zinc-200 text-sm dark:border-zinc-800">
            {(["thread", "history"] as const).map((name) => (
              <button key={name} type="button" onClick={() => setTab(name)} className={`-mb-px border-b-2 px-1 pb-1 ${tab === name ? "border-sky-700 font-semibold" : "border-transparent text-zinc-500"}`}>
                {name === "thread" ? `Articles (${articles.length})` : "History"}
              </button>
            ))}
          </div>
          {tab === "thread" ? (
            <div className="space-y-3" data-testid="thread">
              {articles.map((article) => <ArticleView key={article.id} article={article} />)}
            </div>
          ) : (
            <ol className="space-y-1 text-sm" data-testid="history">
              {history.map((entry) => (
                <li key={entry.id} className="flex gap-3 border-b border-zinc-100 py-1 dark:border-zinc-800">
                  <time className="w-40 shrink-0 text-xs text-zinc-500" dateTime={entry.createdAt}>{new Date(entry.createdAt).toLocaleString()}</time>
                  <span className="w-32 shrink-0 font-medium">{entry.type}</span>
                  <span className="flex-1">{entry.name}</span>
                  <span className="text-xs text-zinc-500">{entry.actor?.name ?? "system"}</span>
                </li>
              ))}
            </ol>
          )}
          {composer && (
            <ReplyComposer
              mode={composer}
              ticket={ticket}
              templates={initial.templates.filter((template) => (composer === "note" ? template.kind === "note" : template.kind !== "note"))}
              states={initial.states}
              blockedReason={composer === "reply" && lockedByOther ? `${ticket.owner?.name} holds this ticket now; your draft is kept.` : null}
              onClose={closeComposer}
              onSent={() => setTab("thread")}
            />
          )}
        </div>
        <aside className="space-y-4">
          <TicketActions ticket={ticket} agentId={agent.id} refusal={refusal} moveTargets={initial.moveTargets} owners={initial.owners} states={initial.states} onChanged={accept} />
          <TicketSidebar ticket={ticket} customerTickets={initial.customerTickets} />
        </aside>
      </div>
    </div>
  );
}
