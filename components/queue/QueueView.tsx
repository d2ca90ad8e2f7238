"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState, useTransition } from "react";
import { bulkLockAction, bulkMoveAction, type BulkOutcome } from "@/app/(workspace)/queues/[id]/actions";
import { applyTicket, initialQueueList, type QueueList, type QueueListContext } from "@/lib/queue-list";
import { queueUrl } from "@/lib/queue-url";
import type { Actor } from "@/server/auth/actor";
import type { QueueViewData } from "@/server/queues/queue-view";
import type { ApiTicket } from "@/server/tickets/ticket-view";
import { useLiveEvent } from "../realtime/RealtimeProvider";
import { useNow } from "../useNow";
import { useShortcuts } from "../useShortcuts";
import { BulkOutcomes } from "./BulkOutcomes";
import { QueueBulkBar } from "./QueueBulkBar";
import { QueueFilterBar } from "./QueueFilterBar";
import { QueuePager } from "./QueuePager";
import { QueueTicketRow } from "./QueueTicketRow";
import { useHydrated } from "../useHydrated";

const COLUMNS = ["Age", "Number", "Title", "Customer", "State", "Prio", "Lock / owner"];

/** Enter opens the current ticket only when nothing else (a link, a button, a field) has the focus. */
function listHasFocus(): boolean {
  const active = document.activeElement;
  return !active || active === document.body || active.hasAttribute("data-queue-table");
}

/**
 * The queue view, live: every change to a ticket of this queue — a new one, a lock, a move,
 * a close, a new priority — changes the list as it commits, without a reload or a request.
 * Keyboard: j/k move, o or Enter open, x checks the row.
 */
export function QueueView({ data, agent, renderedAt }: { data: QueueViewData; agent: Actor; renderedAt: number }) {
  const router = useRouter();
  const now = useNow(data.readAt);
  const context: QueueListContext = { queueId: data.queue.id, filter: data.filter, sort: data.sort, limit: data.limit, firstPage: data.firstPage, lastPage: data.page.nextCursor === null, stateTypes: data.stateTypes };
  const [list, setList] = useState<QueueList>(() => initialQueueList(data.page.tickets));
  const [currentId, setCurrentId] = useState<number | null>(data.page.tickets[0]?.id ?? null);
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [outcome, setOutcome] = useState<{ verb: string; outcomes: BulkOutcome[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const hydrated = useHydrated();
  const table = useRef<HTMLTableElement>(null);

  const contextRef = useRef(context);
  useEffect(() => {
    contextRef.current = context;
  });
  const apply = useCallback((ticket: ApiTicket) => setList((shown) => applyTicket(shown, contextRef.current, ticket)), []);

  useLiveEvent("ticket:created", (event) => apply(event.ticket), renderedAt);
  useLiveEvent("ticket:updated", (event) => apply(event.ticket), renderedAt);
  useLiveEvent("article:created", (event) => apply(event.ticket), renderedAt);

  const tickets = list.tickets;
  const currentIndex = Math.max(0, tickets.findIndex((ticket) => ticket.id === currentId));
  const current = tickets[currentIndex] ?? null;

  // Only what is shown counts as selected: a ticket that left the list takes its checkbox along.
  const selected = tickets.filter((ticket) => checked.has(ticket.number)).map((ticket) => ticket.number);

  useEffect(() => {
    if (current) table.current?.querySelector(`tr[data-number="${current.number}"]`)?.scrollIntoView({ block: "nearest" });
  }, [current]);

  const move = (step: number) => {
    if (tickets.length === 0) return;
    const next = Math.min(tickets.length - 1, Math.max(0, currentIndex + step));
    setCurrentId(tickets[next]!.id);
  };
  const toggle = (number: string) =>
    setChecked((selected) => {
      const next = new Set(selected);
      if (next.has(number)) next.delete(number);
      else next.add(number);
      return next;
    });
  const open = () => {
    if (current) router.push(`/tickets/${current.number}`);
  };

  useShortcuts({ j: () => move(1), k: () => move(-1), o: open, x: () => current && toggle(current.number) });
  useEffect(() => {
    const onEnter = (event: KeyboardEvent) => {
      if (event.key !== "Enter" || event.ctrlKey || event.metaKey || event.altKey || event.shiftKey || !listHasFocus()) return;
      event.preventDefault();
      open();
    };
    document.addEventListener("keydown", onEnter);
    return () => document.removeEventListener("keydown", onEnter);
  });

  const runBulk = (verb: string, action: (numbers: string[]) => Promise<{ ok: true; value: BulkOutcome[] } | { ok: false; error: { message: string } }>) => {
    const numbers = selected;
    setError(null);
    startTransition(async () => {
      const result = await action(numbers);
      if (!result.ok) return setError(result.error.message);
      for (const done of result.value) if (done.ok) apply(done.ticket);
      setOutcome({ verb, outcomes: result.value });
      setChecked(new Set(result.value.filter((done) => !done.ok).map((done) => done.number)));
    });
  };

  const mayWork = data.permissions.includes("rw");
  const refusal = mayWork ? null : "this needs the rw permission on the queue";
  const elsewhere = list.elsewhere.length;
  const laterPage = data.page.nextCursor ?? data.page.endCursor;
  const allChecked = tickets.length > 0 && tickets.every((ticket) => checked.has(ticket.number));

  return (
    <div className="space-y-3">
      <header className="flex flex-wrap items-center gap-x-6 gap-y-2">
        <h1 className="text-lg font-semibold" data-testid="queue-name">
          {data.queue.name}
        </h1>
        <QueueFilterBar queueId={data.queue.id} filter={data.filter} sort={data.sort} />
        <span className="ml-auto text-xs text-zinc-500">j/k move · o open · x select</span>
      </header>

      <div className="flex flex-wrap items-center justify-between gap-2">
        <QueueBulkBar
          selected={selected.length}
          pending={pending || !hydrated}
          lockRefusal={refusal}
          moveRefusal={refusal}
          moveTargets={data.moveTargets}
          onLock={() => runBulk("locked", bulkLockAction)}
          onMove={(queueId) => runBulk("moved", (numbers) => bulkMoveAction(numbers, queueId))}
          onClear={() => setChecked(new Set())}
        />
        <QueuePager queueId={data.queue.id} filter={data.filter} sort={data.sort} prevCursor={data.page.prevCursor} nextCursor={data.page.nextCursor} />
      </div>

      {elsewhere > 0 && (
        <p role="status" data-testid="new-tickets-notice" className="rounded border border-sky-300 bg-sky-50 px-3 py-1.5 text-sm dark:border-sky-800 dark:bg-sky-950/50">
          {elsewhere === 1 ? "1 new ticket" : `${elsewhere} new tickets`} in this queue, not on this page.{" "}
          {laterPage ? (
            <Link href={queueUrl(data.queue.id, { filter: data.filter, sort: data.sort, cursor: laterPage })} className="font-medium text-sky-800 underline dark:text-sky-300">
              Show
            </Link>
          ) : (
            <button type="button" onClick={() => router.refresh()} className="font-medium text-sky-800 underline dark:text-sky-300">
              Show
            </button>
          )}
        </p>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
      {outcome && <BulkOutcomes verb={outcome.verb} outcomes={outcome.outcomes} onDismiss={() => setOutcome(null)} />}

      <div className="overflow-hidden rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <table ref={table} tabIndex={-1} className="w-full table-fixed border-collapse text-sm outline-none" data-testid="queue-table" data-queue-table>
          <colgroup>
            <col className="w-8" />
            <col className="w-20" />
            <col className="w-40" />
            <col />
            <col className="w-44" />
            <col className="w-28" />
            <col className="w-12" />
            <col className="w-56" />
          </colgroup>
          <thead className="bg-zinc-50 text-left text-xs uppercase tracking-wide text-zinc-500 dark:bg-zinc-900/80">
            <tr className="border-b border-zinc-200 dark:border-zinc-800">
              <th className="px-2 py-1.5">
                <input
                  type="checkbox"
                  tabIndex={-1}
                  aria-label="Select all on this page"
                  checked={allChecked}
                  disabled={!hydrated}
                  onChange={() => setChecked(allChecked ? new Set() : new Set(tickets.map((ticket) => ticket.number)))}
                  onClick={(event) => event.currentTarget.blur()}
                  className="h-3.5 w-3.5 align-middle accent-sky-700"
                />
              </th>
              {COLUMNS.map((column, index) => (
                <th key={column} className={`px-2 py-1.5 font-medium ${index === 0 ? "text-right" : ""} ${column === "Prio" ? "text-center" : ""}`}>
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {tickets.map((ticket) => (
              <QueueTicketRow
                key={ticket.id}
                ticket={ticket}
                agentId={agent.id}
                now={now}
                current={ticket.id === current?.id}
                checked={checked.has(ticket.number)}
                taken={data.filter === "available" && ticket.lock === "locked" && ticket.owner?.id !== agent.id}
                onToggle={() => toggle(ticket.number)}
                onFocusRow={() => setCurrentId(ticket.id)}
              />
            ))}
          </tbody>
        </table>
        {tickets.length === 0 && (
          <p className="px-3 py-6 text-center text-sm text-zinc-500" data-testid="queue-empty">
            {data.filter === "available" ? "No available tickets in this queue." : "No open tickets in this queue."}
          </p>
        )}
      </div>
    </div>
  );
}
