"use client";

import { useEffect, useRef, useState } from "react";
import type { ActionResult } from "@/server/api/action-result";
import { PLACEHOLDERS, type Placeholder } from "@/server/templates/render-template";
import type { TemplatePreview } from "@/server/templates/preview-template";
import { inputClass, labelClass, secondaryButtonClass } from "./form-styles";

const MEANING: Record<Placeholder, string> = {
  "ticket.number": "the ticket number",
  "ticket.title": "the ticket title",
  "customer.name": "the customer's name (else address)",
  "customer.email": "the customer's address",
  "agent.name": "the agent writing (auto responses: the queue)",
  "agent.login": "the agent's login",
  "owner.name": "the ticket owner's name",
  "queue.name": "the queue's name",
  "queue.salutation": "the queue's salutation",
  "queue.signature": "the queue's signature",
  "article.subject": "the customer's last subject",
  "article.quote": "the customer's last message, quoted",
};

export interface PreviewRequest {
  ticket: string;
  body: string;
  subject?: string;
  as: "agent" | "queue";
}

/**
 * The text of a template or an auto response: the placeholders listed (a click inserts one at
 * the cursor) and a live preview against a real ticket, re-rendered as the text changes.
 * The fields are named `subject` and `body`, for the form around it.
 */
export function PlaceholderEditor({ initialBody, initialSubject, as, preview }: { initialBody: string; initialSubject?: string; as: "agent" | "queue"; preview(request: PreviewRequest): Promise<ActionResult<TemplatePreview>> }) {
  const [body, setBody] = useState(initialBody);
  const [subject, setSubject] = useState(initialSubject);
  const [ticket, setTicket] = useState("");
  const [result, setResult] = useState<ActionResult<TemplatePreview> | null>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const last = useRef<HTMLInputElement | HTMLTextAreaElement | null>(null);

  const number = ticket.trim().replace(/^#/, "");
  useEffect(() => {
    if (!/^\d{8,40}$/.test(number)) return;
    let current = true;
    const timer = setTimeout(() => {
      void preview({ ticket: number, body, subject, as }).then((answer) => current && setResult(answer));
    }, 300);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [number, body, subject, as, preview]);

  const insert = (name: Placeholder) => {
    const target = last.current ?? textarea.current;
    if (!target) return;
    const text = `{{${name}}}`;
    const start = target.selectionStart ?? target.value.length;
    const end = target.selectionEnd ?? start;
    const next = target.value.slice(0, start) + text + target.value.slice(end);
    if (target.name === "subject") setSubject(next);
    else setBody(next);
    requestAnimationFrame(() => {
      target.focus();
      target.setSelectionRange(start + text.length, start + text.length);
    });
  };

  return (
    <div className="grid gap-4 lg:grid-cols-[1fr_16rem]">
      <div className="space-y-3">
        {subject !== undefined && (
          <label className={labelClass}>
            <span>Subject</span>
            <input name="subject" required value={subject} onFocus={(event) => (last.current = event.currentTarget)} onChange={(event) => setSubject(event.target.value)} className={`${inputClass} font-mono`} />
          </label>
        )}
        <label className={labelClass}>
          <span>Text</span>
          <textarea ref={textarea} name="body" required rows={12} value={body} onFocus={(event) => (last.current = event.currentTarget)} onChange={(event) => setBody(event.target.value)} className={`${inputClass} font-mono`} />
        </label>
        <section aria-label="Preview" className="space-y-2 rounded border border-dashed border-zinc-300 p-3 dark:border-zinc-700">
          <label className="flex items-center gap-2 text-sm">
            <span>Preview against ticket</span>
            <input aria-label="Preview ticket number" value={ticket} onChange={(event) => setTicket(event.target.value)} placeholder="number, e.g. 2026112710000013" className={`${inputClass} w-56 font-mono`} />
          </label>
          {result && !result.ok && (
            <p role="alert" data-testid="preview-error" className="text-sm text-red-700 dark:text-red-300">
              {result.error.message}
            </p>
          )}
          {result?.ok && (
            <div data-testid="preview" className="space-y-1">
              {result.value.subject !== null && <p className="font-mono text-sm font-semibold" data-testid="preview-subject">{result.value.subject}</p>}
              <pre className="whitespace-pre-wrap rounded bg-zinc-50 p-2 font-mono text-sm dark:bg-zinc-900" data-testid="preview-body">{result.value.body}</pre>
              {result.value.unknown.length > 0 && <p className="text-xs text-amber-700">Unknown placeholders stay as written: {result.value.unknown.map((name) => `{{${name}}}`).join(", ")}</p>}
            </div>
          )}
          {!result && <p className="text-xs text-zinc-500">Enter a ticket number: the text is rendered for that ticket as you type.</p>}
        </section>
      </div>
      <aside aria-label="Placeholders" className="space-y-1 text-xs">
        <h3 className="text-sm font-medium">Placeholders</h3>
        <ul className="space-y-1">
          {PLACEHOLDERS.map((name) => (
            <li key={name}>
              <button type="button" onClick={() => insert(name)} className={`${secondaryButtonClass} w-full text-left font-mono text-xs`} title={`Insert {{${name}}}`}>
                {`{{${name}}}`}
              </button>
              <span className="block px-1 text-zinc-500">{MEANING[name]}</span>
            </li>
          ))}
        </ul>
      </aside>
    </div>
  );
}
