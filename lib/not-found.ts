import { notFound } from "next/navigation";
import { NotFoundError } from "@/server/errors";

/** PostgreSQL's `integer`: a larger id can name no row, and would make the query fail. */
const MAX_ID = 2_147_483_647;

/** A page's positive integer id from its route segment, or the not-found page. */
export function idOrNotFound(segment: string): number {
  const id = Number(segment);
  if (!Number.isSafeInteger(id) || id <= 0 || id > MAX_ID) notFound();
  return id;
}

/** What `lookup` found, or the not-found page when the domain says there is no such thing. */
export async function foundOrNotFound<T>(lookup: Promise<T>): Promise<T> {
  try {
    return await lookup;
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
}
