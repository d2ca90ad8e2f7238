import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { Db } from "../../db/client";
import { preparedStatements } from "../../db/prepared-statements";
import * as schema from "../../db/schema";

export interface RecordingDb {
  db: Db;
  /** The text of every query sent, in order. */
  sent: string[];
  /** The queries sent that name the table, for asserting how a domain function talks to it. */
  sentOn(table: string): string[];
  end(): Promise<void>;
}

/** A one-connection handle, set up as the app's, that records the queries it sends. */
export function recordingDb(applicationName: string): RecordingDb {
  const sent: string[] = [];
  const client = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {}, connection: { application_name: applicationName }, debug: (_connection, query) => sent.push(query) });
  return {
    db: drizzle(preparedStatements(client), { schema }) as unknown as Db,
    sent,
    sentOn: (table) => sent.filter((query) => query.includes(`"${table}"`)),
    end: () => client.end({ timeout: 5 }),
  };
}
