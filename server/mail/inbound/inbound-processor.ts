import { and, asc, eq, lt, sql } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { inboundMessages } from "../../../db/schema";
import type { MailWorkerPool } from "./mail-worker-pool";

/** A message this long `new` was not picked up when it was stored (a crash, a restart): process it now. */
const STALE_AFTER = sql`interval '20 seconds'`;

/** Processes stored messages that are still `new`, oldest first: the safety net behind "processed right after storing". */
export async function processLeftoverMessages(db: Db, pool: MailWorkerPool, limit = 50): Promise<number> {
  const leftovers = await db
    .select({ id: inboundMessages.id })
    .from(inboundMessages)
    .where(and(eq(inboundMessages.status, "new"), lt(inboundMessages.receivedAt, sql`now() - ${STALE_AFTER}`)))
    .orderBy(asc(inboundMessages.id))
    .limit(limit);
  for (const { id } of leftovers) await pool.process(id);
  return leftovers.length;
}

/** Runs processLeftoverMessages every `intervalMs` until stopped. */
export function startInboundProcessor(db: Db, pool: MailWorkerPool, intervalMs = 10_000): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    running = processLeftoverMessages(db, pool)
      .catch((error: unknown) => console.error("[mail] processing stored messages failed:", error instanceof Error ? error.message : error))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, 1_000);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
