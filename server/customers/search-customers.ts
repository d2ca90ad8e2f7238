import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import type { Actor } from "../auth/actor";
import { parseInput } from "../validation";

export interface ApiCustomer {
  id: number;
  email: string;
  name: string | null;
  organisation: string | null;
}

export const MAX_CUSTOMER_RESULTS = 50;

export const searchCustomersInput = z.object({
  query: z.string().trim().min(1, "required: part of an e-mail address or a name").max(200),
  limit: z.coerce.number().int().min(1).max(MAX_CUSTOMER_RESULTS).default(10),
});

/** `text` as a literal inside a LIKE pattern: its `%`, `_` and `\` match only themselves. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/**
 * Customers whose e-mail address or name contains `query` (any case), for picking one: those
 * whose address or name starts with it first, then by address. As in OTRS, customers are not
 * secret between agents: every agent may look up every customer, whatever queues they read —
 * their tickets stay behind the queue permissions. `actor` is taken for that rule to change in
 * one place.
 */
export async function searchCustomers(db: Db, _actor: Pick<Actor, "id" | "isAdmin">, query: string, limit?: number): Promise<ApiCustomer[]> {
  const input = parseInput(searchCustomersInput, { query, limit });
  const needle = likeLiteral(input.query.toLowerCase());
  const contains = `%${needle}%`;
  const prefix = `${needle}%`;
  const rows = await db.execute<ApiCustomer & Record<string, unknown>>(sql`
    select id, email, name, organisation from customers
    where lower(email) like ${contains} or lower(coalesce(name, '')) like ${contains}
    order by (lower(email) like ${prefix} or lower(coalesce(name, '')) like ${prefix}) desc, lower(email), id
    limit ${input.limit}`);
  return rows.map((row) => ({ id: row.id, email: row.email, name: row.name, organisation: row.organisation }));
}
