import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { prebuildQuery, runPrebuiltQuery } from "../../db/prebuilt-query";
import { customers } from "../../db/schema";
import { parseInput } from "../validation";

export const customerInput = z.object({
  email: z.email().transform((email) => email.toLowerCase()),
  name: z.string().trim().max(200).optional(),
});

/**
 * The statement that finds or creates a customer, with placeholders `customerEmail` and
 * `customerName`; statements that open a ticket for a customer start with it.
 */
export function customerUpsert(): SQL {
  return sql`
    insert into ${customers} (email, name) values (${sql.placeholder("customerEmail")}, ${sql.placeholder("customerName")})
    on conflict (lower(email)) do update set name = coalesce(${customers.name}, excluded.name)
    returning id, email, name`;
}

/** The placeholders of `customerUpsert`, from raw input: the address is checked and lower-cased. */
export function customerValues(raw: z.input<typeof customerInput>): { customerEmail: string; customerName: string | null } {
  const input = parseInput(customerInput, raw);
  return { customerEmail: input.email, customerName: input.name || null };
}

const upsertQuery = prebuildQuery(customerUpsert());

/** The customer with this address (in any case), created on first contact; a known name is kept. */
export async function findOrCreateCustomer(db: Db, raw: z.input<typeof customerInput>): Promise<{ id: number; email: string; name: string | null }> {
  const [row] = await runPrebuiltQuery<{ id: number; email: string; name: string | null }>(db, upsertQuery, customerValues(raw));
  return row!;
}
