"use client";

import { useEffect, useRef, useState, useTransition } from "react";
import { noteAction, renderTemplateAction, replyAction } from "@/app/(workspace)/tickets/[number]/actions";
import type { ApiTemplate } from "@/server/templates/list-templates";
import type { ApiArticle } from "@/server/tickets/article-view";
import type { ApiTicket } from "@/server/tickets/ticket-view";
import { useRealtime } from "../realtime/RealtimeProvider";

interface Draft {
  body: string;
  cc: string;
  subject: string;
  state: string;
  pendingUntil: string;
}

const EMPTY: Draft = { body: "", cc: "", subject: "", state: "", pendingUntil: "" };
const draftKey = (number: string, mode: string) => `helpdesk:draft:${number}:${mode}`;

function loadDraft(key: string): Draft {
  if (typeof localStorage === "undefined") return EMPTY;
  try {
    return { ...EMPTY, ...(JSON.parse(localStorage.getItem(key) ?? "{}") as Partial<Draft>) };
  } catch {
    return EMPTY;
  }
}

export interface ComposerProps {
  mode: "reply" | "note";
  ticket: ApiTicket;
  templates: ApiTemplate[];
  states: { name: string; type: string }[];
  /** Why sending is impossible right now (another agent took the ticket); the draft is kept meanwhile. */
  blockedReason: string | null;
  onClose(sent: boolean): void;
  onSent(article: ApiArticle): void;
}

/**
 * Writing a reply or an internal note. The draft lives in the browser until it is sent, so it
 * survives a reload, a takeover or a refused send; while it is open, the others see that this
 * agent is writing.
 */
export function ReplyComposer({ mode, ticket, templates, states, blockedReason, onClose, onSent }: ComposerProps) {
  const { setComposing } = useRealtime();
  const key = draftKey(ticket.number, mode);
  // Opened by the agent, so only ever rendered in the browser, where the draft is.
  const [draft, setDraft] = useState<Draft>(() => loadDraft(key));
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const files = useRef<HTMLInputElement>(null);
  const body = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    body.current?.focus();
    void setComposing(ticket.number, true);
    return () => void setComposing(ticket.number, false);
  }, [key, setComposing, ticket.number]);

  const update = (changes: Partial<Draft>) => {
    setDraft((current) => {
      const next = { ...current, ...changes };
      localStorage.setItem(key, JSON.stringify(next));
      return next;
    });
  };

  const applyTemplate = (id: string) => {
    if (!id) return;
    startTransition(async () => {
      const result = await renderTemplateAction(ticket.number, Number(id));
      if (result.ok) update({ body: draft.body.trim() === "" ? result.value : `${draft.body}\n\n${result.value}` });
      else setError(result.error.message);
    });
  };

  const send = () => {
    const form = new FormData();
    for (const [name, value] of Object.entries(draft)) form.set(name, value);
    for (const file of files.current?.files ?? []) form.append("files", file);
    startTransition(async () => {
      const result = mode === "reply" ? await replyAction(ticket.number, form) : await noteAction(ticket.number, form);
      if (!result.ok) {
        setError(result.error.message);
        return;
      }
      localStorage.removeItem(key);
      setError(null);
      onSent(result.value);
      onClose(true);
    });
  };

  const pendingState = states.find((state) => state.name === draft.state)?.type.startsWith("pending") ?? false;
  const label = mode === "reply" ? `Reply to ${ticket.customer?.email ?? "the customer"}` : "Internal note";
  return (
    <form
      data-testid={`${mode}-composer`}
      className={`space-y-2 rounded-lg border p-3 text-sm ${mode === "note" ? "border-amber-300 bg-amber-50 dark:border-amber-800 dark:bg-amber-950" : "border-sky-300 bg-white dark:border-sky-800 dark:bg-zinc-900"}`}
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
      onKeyDown={(event) => {
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) send();
        if (event.key === "Escape") onClose(false);
      }}
    >
      <div className="flex items-center justify-between">
        <h3 className="font-semibold">{label}</h3>
        {templates.length > 0 && (
          <select aria-label="Template" className="rounded border border-zinc-300 bg-transparent px-1 py-0.5 text-xs dark:border-zinc-600" defaultValue="" onChange={(event) => applyTemplate(event.target.value)}>
            <option value="">Template…</option>
            {templates.map((template) => (
              <option key={template.id} value={template.id}>
                {template.name}
              </option>
            ))}
          </select>
        )}
      </div>
      {blockedReason && (
        <p role="alert" data-testid="composer-blocked" className="rounded bg-red-100 px-2 py-1 text-red-900 dark:bg-red-950 dark:text-red-200">
          {blockedReason}
        </p>
      )}
      {mode === "reply" && <input aria-label="Cc" placeholder="Cc (addresses, comma separated)" value={draft.cc} onChange={(event) => update({ cc: event.target.value })} className="w-full rounded border border-zinc-300 bg-transparent px-2 py-1 dark:border-zinc-600" />}
      <input aria-label="Subject" placeholder={mode === "reply" ? `Re: ${ticket.title}` : "Subject"} value={draft.subject} onChange={(event) => update({ subject: event.target.value })} className="w-full rounded border border-zinc-300 bg-transparent px-2 py-1 dark:border-zinc-600" />
      <textarea ref={body} aria-label="Message" rows={8} value={draft.body} onChange={(event) => update({ body: event.target.value })} className="w-full rounded border border-zinc-300 bg-transparent px-2 py-1 font-mono dark:border-zinc-600" />
      <div className="flex flex-wrap items-center gap-2">
        <label className="flex items-center gap-1">
          Next state
          <select aria-label="Next state" value={draft.state} onChange={(event) => update({ state: event.target.value })} className="rounded border border-zinc-300 bg-transparent px-1 py-0.5 dark:border-zinc-600">
            <option value="">unchanged</option>
            {states
              .filter((state) => state.type !== "new")
              .map((state) => (
                <option key={state.name} value={state.name}>
                  {state.name}
                </option>
              ))}
          </select>
        </label>
        {pendingState && <input aria-label="Pending until" type="datetime-local" required value={draft.pendingUntil} onChange={(event) => update({ pendingUntil: event.target.value })} className="rounded border border-zinc-300 bg-transparent px-1 py-0.5 dark:border-zinc-600" />}
        <input ref={files} type="file" multiple aria-label="Attachments" className="text-xs" />
      </div>
      {error && (
        <p role="alert" data-testid="composer-error" className="text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
      <div className="flex gap-2">
        <button type="submit" disabled={pending || blockedReason !== null} className="rounded bg-sky-700 px-3 py-1 font-semibold text-white hover:bg-sky-800 disabled:opacity-50">
          {pending ? "Sending…" : mode === "reply" ? "Send" : "Add note"}
        </button>
        <button type="button" onClick={() => onClose(false)} className="rounded px-3 py-1 hover:bg-zinc-100 dark:hover:bg-zinc-800">
          Cancel
        </button>
        <span className="self-center text-xs text-zinc-500">Ctrl+Enter sends · Esc closes (the draft is kept)</span>
      </div>
    </form>
  );
}
