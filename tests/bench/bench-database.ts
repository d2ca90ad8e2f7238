import { randomBytes } from "node:crypto";
import postgres from "postgres";

export const DEFAULT_SERVER_URL = "postgres://postgres@127.0.0.1:5432/postgres";

/** The same server as `serverUrl`, database `name`. */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export function benchDatabaseName(): string {
  return `hd_bench_${randomBytes(4).toString("hex")}`;
}

function checkName(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a plain database name: ${name}`);
  return name;
}

async function onServer<T>(serverUrl: string, work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    return await work(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export async function databaseExists(serverUrl: string, name: string): Promise<boolean> {
  return onServer(serverUrl, async (sql) => (await sql`select 1 from pg_database where datname = ${name}`).length > 0);
}

export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  await onServer(serverUrl, (sql) => sql.unsafe(`create database "${checkName(name)}"`));
  return databaseUrl(serverUrl, name);
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await onServer(serverUrl, (sql) => sql.unsafe(`drop database if exists "${checkName(name)}" with (force)`));
}

/**
 * What must be undone however the run ends: steps run last-in first-out, once, on a normal
 * end, an error, or Ctrl-C / SIGTERM (after which the process exits 130).
 */
export class Cleanup {
  private readonly steps: { name: string; run: () => Promise<void> }[] = [];
  private running: Promise<void> | null = null;

  constructor() {
    const onSignal = (signal: NodeJS.Signals) => {
      console.error(`\n${signal}: cleaning up…`);
      // Work still in flight fails as its connections close: that must not end the cleanup early.
      process.on("uncaughtException", (error) => console.error(`(during cleanup) ${error.message}`));
      void this.run().finally(() => process.exit(130));
    };
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
  }

  add(name: string, run: () => Promise<void>): void {
    this.steps.push({ name, run });
  }

  run(): Promise<void> {
    this.running ??= (async () => {
      for (const step of this.steps.reverse()) {
        try {
          await step.run();
        } catch (error) {
          console.error(`cleanup: ${step.name} failed: ${(error as Error).message}`);
        }
      }
    })();
    return this.running;
  }
}
