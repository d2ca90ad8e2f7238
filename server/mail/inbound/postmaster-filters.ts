import { z } from "zod";
import type { IncomingMail } from "./incoming-mail";

export const filterMatch = z.object({
  /** A header name, or `Body` for the text. */
  header: z.string().min(1),
  /** A regular expression, matched case-insensitively against each value. */
  pattern: z.string().min(1),
  negate: z.boolean().optional(),
});

const filterMatches = z.array(filterMatch).min(1);

export const filterActions = z.object({
  /** A queue name. */
  queue: z.string().min(1).optional(),
  priority: z.number().int().min(1).max(5).optional(),
  ignore: z.boolean().optional(),
  noAutoResponse: z.boolean().optional(),
});
export type FilterActions = z.infer<typeof filterActions>;

export interface PostmasterFilter {
  name: string;
  matches: z.infer<typeof filterMatch>[];
  actions: FilterActions;
  stop: boolean;
}

/** A filter as stored: its matches and actions are JSON, checked when they are used. */
export interface StoredFilter {
  name: string;
  matches: unknown;
  actions: unknown;
  stop: boolean;
}

/** The filters, in the order given; a stored filter that does not parse is skipped (and logged) rather than failing every mail. */
export function parsePostmasterFilters(rows: StoredFilter[]): PostmasterFilter[] {
  const filters: PostmasterFilter[] = [];
  for (const row of rows) {
    const matches = filterMatches.safeParse(row.matches);
    const actions = filterActions.safeParse(row.actions);
    if (matches.success && actions.success) filters.push({ name: row.name, matches: matches.data, actions: actions.data, stop: row.stop });
    else console.error(`[mail] postmaster filter "${row.name}" is malformed and skipped`);
  }
  return filters;
}

function values(mail: IncomingMail, header: string): string[] {
  return header.toLowerCase() === "body" ? [mail.text] : (mail.headers[header.toLowerCase()] ?? []);
}

function matches(mail: IncomingMail, match: PostmasterFilter["matches"][number]): boolean {
  let pattern: RegExp;
  try {
    pattern = new RegExp(match.pattern, "i");
  } catch {
    return false;
  }
  const found = values(mail, match.header).some((value) => pattern.test(value));
  return match.negate ? !found : found;
}

/**
 * Runs the filters over a message, in order, as OTRS's PostMaster: a filter applies when all
 * its matches do; later filters' actions override earlier ones; `stop` ends the run.
 */
export function applyPostmasterFilters(filters: PostmasterFilter[], mail: IncomingMail): { actions: FilterActions; matched: string[] } {
  let actions: FilterActions = {};
  const matched: string[] = [];
  for (const filter of filters) {
    if (!filter.matches.every((match) => matches(mail, match))) continue;
    actions = { ...actions, ...filter.actions };
    matched.push(filter.name);
    if (filter.stop) break;
  }
  return { actions, matched };
}
