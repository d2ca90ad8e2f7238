import type { Metadata } from "next";
import Link from "next/link";
import { SearchForm, type SearchValues } from "@/components/search/SearchForm";
import { SearchResults } from "@/components/search/SearchResults";
import { getDb } from "@/db/client";
import { listAgentNames } from "@/server/agents/list-agent-names";
import { requireAgent } from "@/server/auth/require-agent";
import { readConfig } from "@/server/config";
import { InvalidInputError, NotFoundError } from "@/server/errors";
import { listReadableQueues } from "@/server/queues/list-readable-queues";
import { listTickets, type TicketPage } from "@/server/tickets/list-tickets";

export const metadata: Metadata = { title: "Search" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const FIELDS = ["q", "queue", "state", "owner", "customer", "createdFrom", "createdTo", "sort", "limit"] as const satisfies readonly (keyof SearchValues)[];
/** Fields the form shows a refusal next to; a bad state, sort or page size (hand-made URLs) is said above the results. */
const FIELDS_WITH_ERRORS = ["q", "queue", "owner", "customer", "createdFrom", "createdTo"] as const;
const DEFAULTS: SearchValues = { q: "", queue: "", state: "all", owner: "", customer: "", createdFrom: "", createdTo: "", sort: "age", limit: "25" };

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.trim() ?? "";
const orUndefined = (value: string) => (value === "" ? undefined : value);

/** The URL of the search `values` (empty fields left out), at `cursor` when given. */
function searchHref(values: SearchValues, cursor?: { cursor: string; page: number }): string {
  const params = new URLSearchParams();
  for (const field of FIELDS) if (values[field] !== "") params.set(field, values[field]);
  if (cursor) {
    params.set("cursor", cursor.cursor);
    params.set("page", String(cursor.page));
  }
  return `/search?${params}`;
}

/**
 * /search: full text over titles and articles plus filters, all in the URL; results in pages
 * of the keyset cursor. Nothing is searched until the form was sent once.
 */
export default async function SearchPage({ searchParams }: { searchParams: SearchParams }) {
  const agent = await requireAgent();
  const params = await searchParams;
  const db = getDb();
  const values = Object.fromEntries(FIELDS.map((field) => [field, single(params[field]) || DEFAULTS[field]])) as unknown as SearchValues;
  const cursor = single(params.cursor);
  const page = Math.max(1, Number.parseInt(single(params.page), 10) || 1);
  const searched = FIELDS.some((field) => params[field] !== undefined) || cursor !== "";

  const errors: Partial<Record<keyof SearchValues, string>> = {};
  let general: string | null = null;
  let result: TicketPage | null = null;
  if (searched) {
    try {
      result = await listTickets(db, agent, {
        q: orUndefined(values.q),
        queue: orUndefined(values.queue),
        state: values.state as "open" | "closed" | "all",
        owner: orUndefined(values.owner),
        customer: orUndefined(values.customer),
        createdFrom: orUndefined(values.createdFrom),
        createdTo: orUndefined(values.createdTo),
        sort: values.sort as "age" | "priority",
        limit: values.limit,
        cursor: orUndefined(cursor),
      });
    } catch (error) {
      if (error instanceof NotFoundError) errors.queue = "no such queue, or not one you may read";
      else if (error instanceof InvalidInputError && (FIELDS_WITH_ERRORS as readonly string[]).includes(error.field)) errors[error.field as keyof SearchValues] = error.message.slice(error.field.length + 2);
      else if (error instanceof InvalidInputError) general = error.field === "cursor" ? "That page of results is no longer valid: start from the first page." : error.message;
      else throw error;
    }
  }

  const [queues, agents] = await Promise.all([listReadableQueues(db, agent), listAgentNames(db)]);
  return (
    <div className="space-y-3">
      <h1 className="text-lg font-semibold">Search</h1>
      <SearchForm key={searchHref(values)} values={values} queues={queues} agents={agents} errors={errors} focusQuery={!searched} />
      {general && (
        <p role="alert" data-testid="search-error" className="rounded bg-red-50 px-2 py-1 text-sm text-red-900 dark:bg-red-950 dark:text-red-100">
          {general} <Link href={searchHref(values)} className="underline">First page</Link>
        </p>
      )}
      {result && (
        <section aria-label="Results" className="rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <div className="flex items-center gap-3 border-b border-zinc-200 px-2 py-1 text-xs text-zinc-500 dark:border-zinc-800" data-testid="search-summary">
            <span>
              Page {page} · {result.tickets.length === 0 ? "no tickets" : `${result.tickets.length} ticket${result.tickets.length === 1 ? "" : "s"}`}
              {result.nextCursor ? ", more on the next page" : ""}
            </span>
            <span className="ml-auto flex gap-3">
              {page > 1 && (
                <Link href={searchHref(values)} data-testid="first-page" className="text-sky-700 hover:underline dark:text-sky-300">
                  First page
                </Link>
              )}
              {result.nextCursor && (
                <Link href={searchHref(values, { cursor: result.nextCursor, page: page + 1 })} data-testid="next-page" className="text-sky-700 hover:underline dark:text-sky-300">
                  Next page
                </Link>
              )}
            </span>
          </div>
          {result.tickets.length === 0 ? (
            <p className="p-4 text-sm text-zinc-500" data-testid="search-empty">
              No ticket matches. Fewer words, another state or no date range may find more.
            </p>
          ) : (
            <SearchResults tickets={result.tickets} agentId={agent.id} timeZone={readConfig().HELPDESK_TIMEZONE} />
          )}
        </section>
      )}
      {!searched && <p className="text-xs text-zinc-500">Press / anywhere to come here. Words are all required; &quot;quotes&quot; find a phrase, -word excludes, or finds either.</p>}
    </div>
  );
}
