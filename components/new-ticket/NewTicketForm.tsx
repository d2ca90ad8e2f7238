"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { createTicketAction, newTicketTemplatesAction, renderNewTicketTemplateAction } from "@/app/(workspace)/tickets/new/actions";
import type { CreatableQueue } from "@/server/queues/list-creatable-queues";
import type { ApiTemplate } from "@/server/templates/list-templates";
import { CustomerAutocomplete } from "../CustomerAutocomplete";
import { FieldError } from "../FieldError";
import { useHydrated } from "../useHydrated";

type Kind = "phone" | "email_out";
type Errors = Partial<Record<"kind" | "queue" | "priority" | "customerEmail" | "customerName" | "title" | "body" | "files" | "template", string>>;

const PRIORITIES = [
  [1, "1 very low"],
  [2, "2 low"],
  [3, "3 normal"],
  [4, "4 high"],
  [5, "5 very high"],
] as const;

const input = "w-full rounded border border-zinc-300 bg-white px-2 py-1 text-sm aria-[invalid=true]:border-red-500 dark:border-zinc-600 dark:bg-zinc-950";
const label = "mb-0.5 block text-xs font-medium text-zinc-600 dark:text-zinc-300";

/** "title: required" as the domain says it, "required" next to the field. */
const reason = (message: string, field: string) => (message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message);

/**
 * A new phone ticket (the customer called) or outgoing email ticket (the agent writes first):
 * customer with suggestions, queue, priority, a template of the queue, title, text and files.
 * Refusals are shown next to the field they concern; success opens the new ticket.
 */
export function NewTicketForm({ queues, initialQueue, initialCustomer }: { queues: CreatableQueue[]; initialQueue: number | null; initialCustomer: string }) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const [kind, setKind] = useState<Kind>("phone");
  const [queueId, setQueueId] = useState<number | null>(initialQueue ?? queues[0]?.id ?? null);
  const [customerName, setCustomerName] = useState("");
  const [body, setBody] = useState("");
  const [templates, setTemplates] = useState<{ key: string; list: ApiTemplate[] }>({ key: "", list: [] });
  const [errors, setErrors] = useState<Errors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const hydrated = useHydrated();
  const templateKey = `${queueId}:${kind}`;

  useEffect(() => {
    if (queueId === null) return;
    let current = true;
    void newTicketTemplatesAction(queueId, kind).then((result) => {
      if (current) setTemplates({ key: `${queueId}:${kind}`, list: result.ok ? result.value : [] });
    });
    return () => {
      current = false;
    };
  }, [queueId, kind]);

  const queue = queues.find((candidate) => candidate.id === queueId);
  const sendable = kind === "phone" || Boolean(queue?.address);
  const offered = templates.key === templateKey ? templates.list : [];

  const applyTemplate = (id: string) => {
    if (!id || queueId === null || !form.current) return;
    const data = new FormData(form.current);
    const text = (name: string) => String(data.get(name) ?? "");
    startTransition(async () => {
      const result = await renderNewTicketTemplateAction({ queue: queueId, templateId: Number(id), customerEmail: text("customerEmail"), customerName: text("customerName"), title: text("title") });
      if (!result.ok) return setErrors((shown) => ({ ...shown, template: result.error.message }));
      setErrors((shown) => ({ ...shown, template: undefined }));
      setBody((shown) => (shown.trim() === "" ? result.value : `${shown.trimEnd()}\n\n${result.value}`));
    });
  };

  const submit = () => {
    if (!form.current || pending) return;
    const data = new FormData(form.current);
    startTransition(async () => {
      const result = await createTicketAction(data);
      if (result.ok) {
        router.push(`/tickets/${result.value.number}`);
        return;
      }
      const { field, message, code } = result.error;
      if (field) {
        setErrors({ [field.startsWith("attachments") ? "files" : field.split(".")[0]!]: reason(message, field) });
        setGeneral(null);
        form.current?.querySelector<HTMLElement>(`[name="${field}"]`)?.focus();
      } else {
        setErrors(code === "not_found" || code === "forbidden" ? { queue: message } : code === "too_large" ? { files: message } : {});
        setGeneral(code === "not_found" || code === "forbidden" || code === "too_large" ? null : message);
      }
    });
  };

  const invalid = (field: keyof Errors) => (errors[field] ? true : undefined);
  const describe = (field: keyof Errors) => (errors[field] ? `${field}-error` : undefined);
  return (
    <form
      ref={form}
      data-testid="new-ticket-form"
      noValidate
      className="space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
      onKeyDown={(event) => {
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) submit();
      }}
    >
      <fieldset className="flex flex-wrap items-center gap-4 text-sm">
        <legend className="sr-only">Kind of ticket</legend>
        {(
          [
            ["phone", "Phone ticket", "the customer called"],
            ["email_out", "Email ticket", "mail the customer"],
          ] as const
        ).map(([value, text, hint]) => (
          <label key={value} className="flex items-center gap-1.5">
            <input type="radio" name="kind" value={value} checked={kind === value} onChange={() => setKind(value)} />
            <span className="font-medium">{text}</span>
            <span className="text-xs text-zinc-500">({hint})</span>
          </label>
        ))}
      </fieldset>

      <div className="grid gap-3 md:grid-cols-2">
        <div>
          <label htmlFor="customerEmail" className={label}>
            {kind === "phone" ? "Customer (caller) e-mail" : "To (customer e-mail)"}
          </label>
          <CustomerAutocomplete
            id="customerEmail"
            name="customerEmail"
            defaultValue={initialCustomer}
            placeholder="Type an address or a name"
            className={input}
            invalid={invalid("customerEmail")}
            describedBy={describe("customerEmail")}
            onPick={(customer) => setCustomerName(customer.name ?? "")}
          />
          <FieldError id="customerEmail-error" message={errors.customerEmail} />
        </div>
        <div>
          <label htmlFor="customerName" className={label}>
            Customer name <span className="font-normal text-zinc-500">(optional)</span>
          </label>
          <input id="customerName" name="customerName" value={customerName} onChange={(event) => setCustomerName(event.target.value)} aria-invalid={invalid("customerName")} aria-describedby={describe("customerName")} className={input} />
          <FieldError id="customerName-error" message={errors.customerName} />
        </div>
      </div>

      <div className="grid gap-3 md:grid-cols-3">
        <div>
          <label htmlFor="queue" className={label}>
            Queue
          </label>
          <select id="queue" name="queue" value={queueId ?? ""} onChange={(event) => setQueueId(event.target.value ? Number(event.target.value) : null)} aria-invalid={invalid("queue")} aria-describedby={describe("queue")} className={input}>
            {queues.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.name}
                {candidate.address ? "" : " (no sending address)"}
              </option>
            ))}
          </select>
          <FieldError id="queue-error" message={errors.queue ?? (sendable ? undefined : "This queue has no address to send from: choose another queue or a phone ticket.")} />
        </div>
        <div>
          <label htmlFor="priority" className={label}>
            Priority
          </label>
          <select id="priority" name="priority" defaultValue={3} aria-invalid={invalid("priority")} aria-describedby={describe("priority")} className={input}>
            {PRIORITIES.map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </select>
          <FieldError id="priority-error" message={errors.priority} />
        </div>
        <div>
          <label htmlFor="template" className={label}>
            Template
          </label>
          <select id="template" value="" disabled={offered.length === 0 || pending || !hydrated} onChange={(event) => applyTemplate(event.target.value)} aria-describedby={describe("template")} className={`${input} disabled:opacity-60`}>
            <option value="">{offered.length === 0 ? "No templates for this queue" : "Insert a template…"}</option>
            {offered.map((template) => (
              <option key={template.id} value={template.id}>
                {template.name}
              </option>
            ))}
          </select>
          <FieldError id="template-error" message={errors.template} />
        </div>
      </div>

      <div>
        <label htmlFor="title" className={label}>
          {kind === "phone" ? "Title" : "Subject"}
        </label>
        <input id="title" name="title" aria-invalid={invalid("title")} aria-describedby={describe("title")} className={input} />
        <FieldError id="title-error" message={errors.title} />
      </div>
      <div>
        <label htmlFor="body" className={label}>
          {kind === "phone" ? "What the customer said" : "Message"}
        </label>
        <textarea id="body" name="body" rows={10} value={body} onChange={(event) => setBody(event.target.value)} aria-invalid={invalid("body")} aria-describedby={describe("body")} className={`${input} font-mono`} />
        <FieldError id="body-error" message={errors.body} />
      </div>
      <div>
        <label htmlFor="files" className={label}>
          Attachments
        </label>
        <input id="files" name="files" type="file" multiple aria-describedby={describe("files")} className="text-xs file:mr-2 file:rounded file:border file:border-zinc-300 file:bg-transparent file:px-2 file:py-0.5 file:text-xs dark:file:border-zinc-600 dark:file:text-zinc-100" />
        <FieldError id="files-error" message={errors.files} />
      </div>

      {general && (
        <p role="alert" data-testid="new-ticket-error" className="rounded bg-red-50 px-2 py-1 text-sm text-red-900 dark:bg-red-950 dark:text-red-100">
          {general}
        </p>
      )}
      <div className="flex items-center gap-3">
        <button type="submit" disabled={pending || !hydrated || !sendable || queues.length === 0} className="rounded bg-sky-700 px-3 py-1 text-sm font-semibold text-white hover:bg-sky-800 disabled:opacity-50">
          {pending ? "Creating…" : kind === "phone" ? "Create phone ticket" : "Create and send"}
        </button>
        <span className="text-xs text-zinc-500">Ctrl+Enter creates</span>
      </div>
    </form>
  );
}
