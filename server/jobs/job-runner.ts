import type { Db } from "../../db/client";
import { autoClosePendingTickets } from "./auto-close-pending-tickets";
import { remindPendingTickets } from "./remind-pending-tickets";
import { unlockExpiredLocks } from "./unlock-expired-locks";

export const JOBS = { unlockExpiredLocks, remindPendingTickets, autoClosePendingTickets };

/** Runs every timed job once; one failing job does not keep the others from running. */
export async function runTimedJobs(db: Db, now = new Date()): Promise<Record<keyof typeof JOBS, number>> {
  const results = {} as Record<keyof typeof JOBS, number>;
  for (const [name, job] of Object.entries(JOBS) as [keyof typeof JOBS, (db: Db, now: Date) => Promise<number>][]) {
    try {
      results[name] = await job(db, now);
    } catch (error) {
      console.error(`[jobs] ${name} failed:`, error);
      results[name] = 0;
    }
  }
  return results;
}

/** Runs the timed jobs every `intervalMs` (each run after the previous one ends) until stopped. */
export function startJobRunner(db: Db, intervalMs = 30_000): { stop(): Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    running = runTimedJobs(db).finally(() => {
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
