"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import type { AgentName } from "@/server/agents/list-agent-names";
import { CustomerAutocomplete } from "../CustomerAutocomplete";
import { FieldError } from "../FieldError";
import { SearchQueryInput } from "./SearchQueryInput";

export interface SearchValues {
  q: string;
  queue: string;
  state: string;
  owner: string;
  customer: string;
  createdFrom: string;
  createdTo: string;
  sort: string;
  limit: string;
}

export const PAGE_SIZES = ["25", "50", "100"];

const control = "w-full rounded border border-zinc-300 bg-white px-2 py-1 text-sm aria-[invalid=true]:border-red-500 dark:border-zinc-600 dark:bg-zinc-950";
const caption = "mb-0.5 block text-xs font-medium text-zinc-600 dark:text-zinc-300";

/**
 * The search form: a GET form on /search, so a search is a URL to share or go back to. With
 * scripts it navigates without a reload and leaves empty fields out of the URL.
 */
export function SearchForm({ values, queues, agents, errors, focusQuery }: { values: SearchValues; queues: { id: number; name: string }[]; agents: AgentName[]; errors: Partial<Record<keyof SearchValues, string>>; focusQuery: boolean }) {
  const router = useRouter();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(event.currentTarget)) {
      if (typeof value === "string" && value.trim() !== "") params.set(name, value.trim());
    }
    router.push(`/search?${params}`);
  };

  const invalid = (field: keyof SearchValues) => (errors[field] ? true : undefined);
  const describe = (field: keyof SearchValues) => (errors[field] ? `${field}-error` : undefined);
  const sizes = PAGE_SIZES.includes(values.limit) ? PAGE_SIZES : [...PAGE_SIZES, values.limit].filter(Boolean);
  return (
    <form method="get" action="/search" role="search" data-testid="search-form" onSubmit={submit} className="space-y-2 rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900">
      <div className="flex gap-2">
        <div className="flex-1">
          <SearchQueryInput defaultValue={values.q} focusOnMount={focusQuery} invalid={invalid("q")} className={control} />
          <FieldError id="q-error" message={errors.q} />
        </div>
        <button type="submit" className="h-fit rounded bg-sky-700 px-4 py-1 text-sm font-semibold text-white hover:bg-sky-800">
          Search
        </button>
        <Link href="/search" className="h-fit rounded px-2 py-1 text-sm text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800">
          Clear
        </Link>
      </div>
      <div className="grid grid-cols-2 gap-2 md:grid-cols-4 lg:grid-cols-9">
        <label>
          <span className={caption}>Queue</span>
          <select name="queue" defaultValue={values.queue} aria-invalid={invalid("queue")} aria-describedby={describe("queue")} className={control}>
            <option value="">All queues</option>
            {queues.map((queue) => (
              <option key={queue.id} value={String(queue.id)}>
                {queue.name}
              </option>
            ))}
          </select>
          <FieldError id="queue-error" message={errors.queue} />
        </label>
        <label>
          <span className={caption}>State</span>
          <select name="state" defaultValue={values.state} className={control}>
            <option value="all">All</option>
            <option value="open">Open</option>
            <option value="closed">Closed</option>
          </select>
        </label>
        <label>
          <span className={caption}>Owner</span>
          <select name="owner" defaultValue={values.owner} aria-invalid={invalid("owner")} className={control}>
            <option value="">Anyone</option>
            {agents.map((agent) => (
              <option key={agent.login} value={agent.login}>
                {agent.name}
              </option>
            ))}
            {values.owner && !agents.some((agent) => agent.login === values.owner) && <option value={values.owner}>{values.owner}</option>}
          </select>
          <FieldError id="owner-error" message={errors.owner} />
        </label>
        <div className="col-span-2">
          <label htmlFor="search-customer" className={caption}>
            Customer e-mail
          </label>
          <CustomerAutocomplete id="search-customer" name="customer" defaultValue={values.customer} placeholder="Address or name" className={control} invalid={invalid("customer")} describedBy={describe("customer")} />
          <FieldError id="customer-error" message={errors.customer} />
        </div>
        <label>
          <span className={caption}>Created from</span>
          <input type="date" name="createdFrom" defaultValue={values.createdFrom} aria-invalid={invalid("createdFrom")} aria-describedby={describe("createdFrom")} className={control} />
          <FieldError id="createdFrom-error" message={errors.createdFrom} />
        </label>
        <label>
          <span className={caption}>Created to</span>
          <input type="date" name="createdTo" defaultValue={values.createdTo} aria-invalid={invalid("createdTo")} aria-describedby={describe("createdTo")} className={control} />
          <FieldError id="createdTo-error" message={errors.createdTo} />
        </label>
        <div className="col-span-2 flex gap-2 md:col-span-1 lg:col-span-2">
          <label className="flex-1">
            <span className={caption}>Sort</span>
            <select name="sort" defaultValue={values.sort} className={control}>
              <option value="age">Oldest first</option>
              <option value="priority">Priority, then oldest</option>
            </select>
          </label>
          <label className="w-20">
            <span className={caption}>Rows</span>
            <select name="limit" defaultValue={values.limit} aria-invalid={invalid("limit")} className={control}>
              {sizes.map((size) => (
                <option key={size} value={size}>
                  {size}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>
    </form>
  );
}
