import { asc, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../../db/client";
import { isUniqueViolation } from "../../../db/errors";
import { postmasterFilters, queues } from "../../../db/schema";
import { AlreadyExistsError, InvalidInputError } from "../../errors";
import { filterActions, filterMatch, type FilterActions } from "../inbound/postmaster-filters";

/** Compiled as the filter run compiles it (case-insensitive), so what saves is what runs. */
const regularExpression = z
  .string()
  .min(1, "required")
  .max(1_000, "at most 1000 characters")
  .superRefine((pattern, context) => {
    try {
      new RegExp(pattern, "i");
    } catch (error) {
      context.addIssue({ code: "custom", message: `not a valid regular expression: ${error instanceof Error ? error.message : String(error)}` });
    }
  });

const match = filterMatch.extend({
  header: z
    .string()
    .trim()
    .min(1, "required")
    .regex(/^[A-Za-z0-9-]+$/, "a header name such as X-Spam-Flag, or Body"),
  pattern: regularExpression,
  negate: z.boolean().default(false),
});

/** What an administrator sets on a postmaster filter: ordered header rules, all of which must match. */
export const filterSettings = z.object({
  name: z.string().trim().min(1, "required").max(200, "at most 200 characters"),
  matches: z.array(match).min(1, "at least one header rule").max(50, "at most 50 rules"),
  actions: filterActions
    .extend({ queue: z.string().trim().min(1).optional(), priority: z.number().int().min(1, "from 1 to 5").max(5, "from 1 to 5").optional() })
    .strict()
    .refine((actions) => Object.values(actions).some((value) => value !== undefined && value !== false), "at least one action"),
  stop: z.boolean(),
  valid: z.boolean(),
});

export interface AdminFilter {
  id: number;
  name: string;
  position: number;
  matches: z.infer<typeof filterMatch>[];
  actions: FilterActions;
  stop: boolean;
  valid: boolean;
}

/** A filter routes to a queue by name: it must be a queue that exists. */
export async function checkFilterQueue(db: Db, actions: FilterActions | undefined): Promise<void> {
  if (!actions?.queue) return;
  const [queue] = await db
    .select({ id: queues.id })
    .from(queues)
    .where(sql`lower(${queues.name}) = lower(${actions.queue})`);
  if (!queue) throw new InvalidInputError("actions.queue", `no queue ${actions.queue}`);
}

export function filterUniqueViolation(error: unknown, name: string | undefined): Error | null {
  return isUniqueViolation(error, "postmaster_filters_name_unique") ? new AlreadyExistsError("name", `postmaster filter ${name} already exists`) : null;
}

/** Every filter in the order they run. */
export async function selectFilters(db: Db): Promise<AdminFilter[]> {
  const rows = await db.select().from(postmasterFilters).orderBy(asc(postmasterFilters.position), asc(postmasterFilters.id));
  return rows.map((row) => ({ id: row.id, name: row.name, position: row.position, matches: row.matches as AdminFilter["matches"], actions: row.actions as FilterActions, stop: row.stop, valid: row.valid }));
}
