import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { parseInput } from "../validation";

export const customerInput = z.object({
  email: z.email().transform((email) => email.toLowerCase()),
  name: z.string().trim().max(200).optional(),
});

/** The customer with this address (in any case), created on first contact; a known name is kept. */
export async function findOrCreateCustomer(db: Db, raw: z.input<typeof customerInput>): Promise<{ id: number; email: string; name: string | null }> {
  const input = parseInput(customerInput, raw);
  const [row] = await db.execute<{ id: number; email: string; name: string | null }>(sql`
    insert into customers (email, name) values (${input.email}, ${input.name || null})
    on conflict (lower(email)) do update set name = coalesce(customers.name, excluded.name)
    returning id, email, name`);
  return row!;
}
