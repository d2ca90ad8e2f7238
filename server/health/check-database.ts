import { sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import { rootCause } from "../../db/errors";

const TIMEOUT_MS = 2_000;

/** Whether the database answers a trivial query within two seconds; why not is logged, not returned. */
export async function checkDatabase(): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("the database did not answer within 2 s")), TIMEOUT_MS);
    });
    await Promise.race([getDb().execute(sql`select 1`), timeout]);
    return true;
  } catch (error) {
    const cause = rootCause(error);
    console.error("[health] database check failed:", cause instanceof Error ? cause.message : cause);
    return false;
  } finally {
    clearTimeout(timer);
  }
}
