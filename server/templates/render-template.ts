/** What a template may refer to; every value is plain text. */
export interface TemplateContext {
  ticket: { number: string; title: string };
  customer: { name: string; email: string };
  agent: { name: string; login: string };
  owner: { name: string };
  queue: { name: string; salutation: string; signature: string };
  /** The customer's last message: its subject and its text quoted with "> ". */
  article: { subject: string; quote: string };
}

export const PLACEHOLDERS = [
  "ticket.number",
  "ticket.title",
  "customer.name",
  "customer.email",
  "agent.name",
  "agent.login",
  "owner.name",
  "queue.name",
  "queue.salutation",
  "queue.signature",
  "article.subject",
  "article.quote",
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

const PATTERN = /\{\{\s*([a-z]+\.[a-z]+)\s*\}\}/g;
/** Lines of the customer's message quoted into an answer, as OTRS's quote limit. */
const QUOTE_LINES = 30;

function lookup(context: TemplateContext, name: string): string | undefined {
  const [group, field] = name.split(".") as [keyof TemplateContext, string];
  const values = context[group] as Record<string, string> | undefined;
  return values?.[field];
}

/** `text` quoted for an answer: each line prefixed with "> ", at most 30 lines. */
export function quote(text: string): string {
  const lines = text.replace(/\r\n/g, "\n").trimEnd().split("\n");
  const quoted = lines.slice(0, QUOTE_LINES).map((line) => (line === "" ? ">" : `> ${line}`));
  if (lines.length > QUOTE_LINES) quoted.push("> […]");
  return quoted.join("\n");
}

/**
 * Fills `{{group.field}}` placeholders. The queue's salutation and signature may hold
 * placeholders themselves and are filled first; an unknown placeholder stays as written so
 * that the agent sees it before sending.
 */
export function renderTemplate(body: string, context: TemplateContext): string {
  const fill = (text: string, ctx: TemplateContext) => text.replace(PATTERN, (match, name: string) => lookup(ctx, name) ?? match);
  const queue = { ...context.queue, salutation: fill(context.queue.salutation, context), signature: fill(context.queue.signature, context) };
  return fill(body, { ...context, queue });
}

/** Placeholders in `body` that renderTemplate does not know. */
export function unknownPlaceholders(body: string): string[] {
  return [...body.matchAll(PATTERN)].map((match) => match[1]!).filter((name) => !(PLACEHOLDERS as readonly string[]).includes(name));
}
