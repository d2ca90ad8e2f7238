import { openEmbeddedDatabase, type EmbeddedDatabase } from "./embedded";

export interface ResolvedDatabase {
  url: string;
  /** The embedded database, when DATABASE_URL is unset; `started` says whether we own it. */
  embedded: EmbeddedDatabase | null;
}

/** DATABASE_URL when set; otherwise the embedded database of the data dir, running or started now. */
export async function resolveDatabase(databaseUrl: string | undefined, dataDir: string): Promise<ResolvedDatabase> {
  if (databaseUrl) return { url: databaseUrl, embedded: null };
  const embedded = await openEmbeddedDatabase(dataDir);
  return { url: embedded.url, embedded };
}
