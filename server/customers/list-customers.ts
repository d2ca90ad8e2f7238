import { asc, gt, ilike, or, sql, and } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { customers } from "../../db/schema";
import { parseInput } from "../validation";

export const listCustomersInput = z.object({
  /** Part of the address, name or organisation, in any case. */
  q: z.string().trim().max(200).optional(),
  /** After this address (lower-cased): the next page. */
  after: z.string().max(400).optional(),
  limit: z.number().int().min(1).max(200).default(50),
});

export interface AdminCustomer {
  id: number;
  email: string;
  name: string | null;
  organisation: string | null;
  tickets: number;
  openTickets: number;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (character) => `\\${character}`);

/** Customers by address, optionally searched, with how many tickets each has (and how many are in work). */
export async function listCustomers(db: Db, rawInput: z.input<typeof listCustomersInput> = {}): Promise<{ customers: AdminCustomer[]; nextAfter: string | null }> {
  const input = parseInput(listCustomersInput, rawInput);
  const pattern = input.q ? `%${escapeLike(input.q)}%` : null;
  const email = sql<string>`lower(${customers.email})`;
  const rows = await db
    .select({
      id: customers.id,
      email: customers.email,
      name: customers.name,
      organisation: customers.organisation,
      key: email,
      // Spelt out: drizzle leaves columns unqualified in a single-table select, and "id" would be the ticket's.
      tickets: sql<number>`(select count(*)::int from tickets t where t.customer_id = "customers"."id")`,
      openTickets: sql<number>`(select count(*)::int from tickets t where t.customer_id = "customers"."id" and t.state_type not in ('closed', 'merged'))`,
    })
    .from(customers)
    .where(and(pattern ? or(ilike(customers.email, pattern), ilike(customers.name, pattern), ilike(customers.organisation, pattern)) : undefined, input.after === undefined ? undefined : gt(email, input.after)))
    .orderBy(asc(email))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  return { customers: page.map(({ key: _key, ...row }) => row), nextAfter: rows.length > input.limit ? page[page.length - 1]!.key : null };
}
