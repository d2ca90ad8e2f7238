import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { prebuildQuery, runPrebuiltQuery } from "../../db/prebuilt-query";
import { ticketCounters } from "../../db/schema";
import { readConfig } from "../config";

/**
 * OTRS's DateChecksum check digit: the digits weighted 1, 2, 1, 2… from the left and summed;
 * 10 − sum mod 10, where 10 is written as 1.
 */
export function checkDigit(digits: string): number {
  let sum = 0;
  for (let index = 0; index < digits.length; index++) sum += Number(digits[index]) * (index % 2 === 0 ? 1 : 2);
  const digit = 10 - (sum % 10);
  return digit === 10 ? 1 : digit;
}

/** `YYYYMMDD`, the system id, the day's counter (at least five digits) and the check digit. */
export function formatTicketNumber(day: string, systemId: string, counter: number): string {
  const base = `${day}${systemId}${String(counter).padStart(5, "0")}`;
  return `${base}${checkDigit(base)}`;
}

// Building an Intl formatter costs ~0.5 ms, more than the statement that draws the number.
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day of `at` in `timeZone`, as YYYYMMDD. */
export function dayInZone(at: Date, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    dayFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(at);
  const part = (type: string) => parts.find((candidate) => candidate.type === type)!.value;
  return `${part("year")}${part("month")}${part("day")}`;
}

export function isValidTicketNumber(number: string): boolean {
  return /^\d{8}\d{2}\d{5,}\d$/.test(number) && checkDigit(number.slice(0, -1)) === Number(number.at(-1));
}

// Drawn for every new ticket: built once. The set_config is local to the statement's own
// transaction, and the FROM makes PostgreSQL evaluate it.
const bumpCounterQuery = prebuildQuery(sql`
  insert into ${ticketCounters} (day, value)
  select ${sql.placeholder("day")}, 1 from (select set_config('synchronous_commit', 'off', true)) as without_flush
  on conflict (day) do update set value = ${ticketCounters.value} + 1
  returning value`);

/**
 * Hands out the next ticket number. The day's counter row is bumped by a single statement on
 * the pool, committed at once: inside the create transaction its row lock would serialise every
 * create until commit. A number whose ticket then fails to commit is skipped, as in OTRS.
 *
 * The bump commits without waiting for its WAL to reach the disk (`synchronous_commit` off for
 * that one transaction): the ticket that takes the number commits later, and its flush covers
 * everything written to the WAL before it, this bump included; a bump that a crash loses
 * belongs to no committed ticket. So the row lock that every create queues for is held for the
 * statement alone, not through a disk flush, and a new ticket costs one flush, not two.
 */
export async function allocateTicketNumber(db: Database, at = new Date()): Promise<string> {
  const config = readConfig();
  const day = dayInZone(at, config.HELPDESK_TIMEZONE);
  const [row] = await runPrebuiltQuery<{ value: number }>(db, bumpCounterQuery, { day });
  return formatTicketNumber(day, config.HELPDESK_SYSTEM_ID, row!.value);
}
