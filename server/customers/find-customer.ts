import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { customers } from "../../db/schema";
import { NotFoundError } from "../errors";

export interface CustomerRecord {
  id: number;
  email: string;
  name: string | null;
  organisation: string | null;
  createdAt: string;
}

export async function findCustomer(db: Db, id: number): Promise<CustomerRecord> {
  const [row] = await db.select({ id: customers.id, email: customers.email, name: customers.name, organisation: customers.organisation, createdAt: customers.createdAt }).from(customers).where(eq(customers.id, id));
  if (!row) throw new NotFoundError(`customer ${id}`);
  return { ...row, createdAt: row.createdAt.toISOString() };
}
