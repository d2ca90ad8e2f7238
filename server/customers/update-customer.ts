import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { customers } from "../../db/schema";
import { adminTransaction, type AdminActor } from "../audit/admin-transaction";
import { recordAudit } from "../audit/record-audit";
import { NotFoundError } from "../errors";
import { parseInput } from "../validation";
import { findCustomer, type CustomerRecord } from "./find-customer";

/** Empty means unknown: stored as null, as a customer first met by mail has no name. */
const optionalText = z
  .string()
  .trim()
  .max(200, "at most 200 characters")
  .nullable()
  .transform((value) => (value === "" ? null : value));

export const updateCustomerInput = z.object({
  id: z.number().int().positive(),
  name: optionalText.optional(),
  organisation: optionalText.optional(),
});

/**
 * Corrects a customer's name or organisation. The address is what identifies a customer by
 * mail, so it is not edited here. Tickets show the new name from their next change on.
 */
export async function updateCustomer(db: Db, actor: AdminActor, rawInput: z.input<typeof updateCustomerInput>): Promise<CustomerRecord> {
  const { id, ...input } = parseInput(updateCustomerInput, rawInput);
  await adminTransaction(db, actor, async (tx) => {
    const updated = await tx
      .update(customers)
      .set({ ...input, updatedAt: sql`now()` })
      .where(eq(customers.id, id))
      .returning({ email: customers.email });
    if (updated.length === 0) throw new NotFoundError(`customer ${id}`);
    await recordAudit(tx, { actorId: actor.id, action: "customer.update", target: `customer:${id}`, details: { email: updated[0]!.email, ...input } });
  });
  return findCustomer(db, id);
}
