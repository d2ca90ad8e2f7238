import { sql, type SQL } from "drizzle-orm";
import { tickets } from "../../db/schema";

/**
 * Tickets still in work. Written with literals, exactly as the partial indexes' predicate:
 * with bound parameters a cached generic plan could not prove that those indexes apply.
 */
export const isOpenTicket: SQL = sql`${tickets.stateType} not in ('closed', 'merged')`;
export const isClosedTicket: SQL = sql`${tickets.stateType} in ('closed', 'merged')`;
