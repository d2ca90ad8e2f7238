import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import type { Actor } from "../../server/auth/actor";
import { lockTicket } from "../../server/tickets/lock-ticket";
import { unlockTicket } from "../../server/tickets/unlock-ticket";
import { wallClock } from "./realtime-protocol";

export interface Change {
  /** The ticket_history id the change appended. */
  eventId: number;
  /** The index of the ticket's queue (realtime-setup.ts). */
  queue: number;
  /** Wall clock (epoch ms) right after the domain function returned, i.e. after its commit. */
  committedAt: number;
  /** How long the domain function took. */
  ms: number;
}

export interface ChangeRun {
  changes: Change[];
  errors: string[];
  /** How far the start of a change fell behind its schedule, at most. */
  maxLagMs: number;
}

/**
 * Locks and unlocks the tickets in turn through the domain functions (DESIGN.md "The one
 * rule for changes"), each ticket alternating, `rate` changes a second started on schedule
 * (open loop: a slow change does not delay the next one on another ticket). Only the driver
 * touches these tickets, one call per ticket at a time, so the newest history row of the
 * ticket right after the call is exactly the row the call appended.
 */
export class ChangeDriver {
  private cursor = 0;
  private readonly locked: boolean[];
  /** Each ticket's change in flight: a ticket is changed by one call at a time, so its newest row is that call's. */
  private readonly pending: (Promise<unknown> | undefined)[] = [];

  constructor(
    private readonly db: Database,
    private readonly actor: Actor,
    private readonly tickets: { id: number; number: string; queue: number }[],
  ) {
    this.locked = tickets.map(() => false);
  }

  /** One change, on the next ticket in turn, once the ticket's previous change has finished. */
  change(): Promise<Change> {
    const index = this.cursor++ % this.tickets.length;
    const run = (this.pending[index] ?? Promise.resolve()).then(() => this.changeTicket(index));
    this.pending[index] = run.catch(() => {});
    return run;
  }

  private async changeTicket(index: number): Promise<Change> {
    const ticket = this.tickets[index]!;
    const lock = !this.locked[index];
    this.locked[index] = lock;
    const started = performance.now();
    const result = lock ? await lockTicket(this.db, { actor: this.actor, number: ticket.number }) : await unlockTicket(this.db, { actor: this.actor, number: ticket.number });
    const committedAt = wallClock();
    const ms = performance.now() - started;
    if (result.lock !== (lock ? "locked" : "unlocked")) throw new Error(`ticket ${ticket.number} is ${result.lock} after ${lock ? "lock" : "unlock"}`);
    const [row] = await this.db.execute<{ id: string; type: string }>(sql`select id, type from ticket_history where ticket_id = ${ticket.id} order by id desc limit 1`);
    if (!row || row.type !== (lock ? "Lock" : "Unlock")) throw new Error(`ticket ${ticket.number}: its newest history row is ${row?.type ?? "missing"}, not ${lock ? "Lock" : "Unlock"}`);
    return { eventId: Number(row.id), queue: ticket.queue, committedAt, ms };
  }

  /** `count` changes at `rate` a second; resolves when all have finished. */
  async run(rate: number, count: number): Promise<ChangeRun> {
    const changes: Change[] = [];
    const errors: string[] = [];
    const inFlight: Promise<void>[] = [];
    const interval = 1000 / rate;
    const start = performance.now();
    let maxLagMs = 0;
    for (let index = 0; index < count; index++) {
      const due = start + index * interval;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      maxLagMs = Math.max(maxLagMs, performance.now() - due);
      inFlight.push(
        this.change().then(
          (change) => void changes.push(change),
          (error: unknown) => void errors.push(error instanceof Error ? error.message : String(error)),
        ),
      );
    }
    await Promise.all(inFlight);
    changes.sort((a, b) => a.eventId - b.eventId);
    return { changes, errors, maxLagMs };
  }
}

/** The newest event id of each queue among `changes`, by queue index (0 where a queue had none). */
export function newestPerQueue(changes: Pick<Change, "eventId" | "queue">[], queueCount: number): number[] {
  const newest = new Array<number>(queueCount).fill(0);
  for (const change of changes) newest[change.queue] = Math.max(newest[change.queue]!, change.eventId);
  return newest;
}
