import { sql } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { postmasterFilters, queues } from "../../../db/schema";
import { parsePostmasterFilters, type PostmasterFilter, type StoredFilter } from "./postmaster-filters";

export interface RoutingQueue {
  id: number;
  name: string;
  systemAddress: string | null;
  valid: boolean;
  catchAll: boolean;
}

/** What filing a message needs of the configuration: every queue with its address, and the valid postmaster filters in order. */
export interface MailRouting {
  queues: RoutingQueue[];
  filters: PostmasterFilter[];
}

/** Reads the mail routing in one statement: it is read for every message, and each statement is a round trip. */
export async function loadMailRouting(db: Db): Promise<MailRouting> {
  const [row] = await db.execute<{ queues: RoutingQueue[] | null; filters: StoredFilter[] | null }>(sql`
    select
      (select json_agg(json_build_object('id', q.id, 'name', q.name, 'systemAddress', q.system_address, 'valid', q.valid, 'catchAll', q.catch_all))
        from ${queues} q) as queues,
      (select json_agg(json_build_object('name', f.name, 'matches', f.matches, 'actions', f.actions, 'stop', f.stop) order by f.position, f.id)
        from ${postmasterFilters} f where f.valid) as filters`);
  return { queues: row?.queues ?? [], filters: parsePostmasterFilters(row?.filters ?? []) };
}
