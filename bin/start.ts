/**
 * `npm start` (and `npm run dev` with --dev): prepares the database, builds the web app when
 * needed, then runs the web and server processes until Ctrl-C, and stops them cleanly.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { migrateDatabase } from "../db/migrate";
import { resolveDatabase, type ResolvedDatabase } from "../db/resolve-database";
import { seedDatabase } from "../db/seed";
import { connect } from "../db/client";
import { loadOrCreateAuthSecret } from "../server/auth/auth-secret";
import { readConfig } from "../server/config";
import { buildWebIfNeeded, nextBin } from "./web-build";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dev = process.argv.includes("--dev");
const tsxCli = createRequire(import.meta.url).resolve("tsx/cli");
const STOP_TIMEOUT_MS = 10_000;
const log = (line: string) => console.log(`[start] ${line}`);

async function main() {
  const config = readConfig();
  const dataDir = path.resolve(root, config.HELPDESK_DATA_DIR);

  let database: ResolvedDatabase | null = null;
  let children: ChildProcess[] = [];
  let stopping: Promise<void> | null = null;
  const stop = (code: number) => {
    stopping ??= (async () => {
      await Promise.all(children.map((child) => stopChild(child)));
      await database?.embedded?.stop();
      process.exit(code);
    })();
    return stopping;
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));

  try {
    database = await resolveDatabase(config.DATABASE_URL, dataDir);
    if (database.embedded) {
      log(`DATABASE_URL is unset: using an embedded PostgreSQL in ${path.join(dataDir, "postgres")}.`);
      log("  It is for evaluation only. For production set DATABASE_URL, e.g. DATABASE_URL=postgres://user:pass@host:5432/helpdesk npm start");
    }
    await migrateDatabase(database.url);
    const db = connect(database.url, { max: 1, applicationName: "helpdesk-start" });
    const seeded = await seedDatabase(db, { adminPassword: config.HELPDESK_ADMIN_PASSWORD, rawAddress: `helpdesk@${new URL(config.PUBLIC_URL).hostname}` }).finally(() => db.$client.end());
    if (seeded.generatedAdminPassword) {
      log(`created the administrator: login "admin", password "${seeded.generatedAdminPassword}" (shown once; change it after signing in)`);
    }
    if (!dev) await buildWebIfNeeded(root, log);
  } catch (error) {
    console.error(`[start] ${(error as Error).message}`);
    await stop(1);
    return;
  }

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    AUTH_SECRET: await loadOrCreateAuthSecret(dataDir, config.AUTH_SECRET),
    AUTH_TRUST_HOST: "true",
    PUBLIC_URL: config.PUBLIC_URL,
    HELPDESK_DATA_DIR: dataDir,
    NODE_ENV: dev ? "development" : "production",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  const run = (name: string, args: string[]) => {
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: "inherit" });
    child.on("exit", (code, signal) => {
      if (stopping) return;
      console.error(`[start] the ${name} process exited (${signal ?? `code ${code}`}); stopping`);
      void stop(1);
    });
    return child;
  };
  children = [
    run("web", [nextBin, dev ? "dev" : "start", "--port", String(config.PORT)]),
    // Not through tsx's CLI but its loader: the CLI relays a signal to its child and SIGKILLs it when the
    // child has not confirmed within 60 ms — which a busy machine misses, turning Ctrl-C into a kill.
    run("server", dev ? [tsxCli, "watch", "--clear-screen=false", "server/main.ts"] : ["--import", "tsx", "server/main.ts"]),
  ];
  log(`web on ${config.PUBLIC_URL} (port ${config.PORT}), server on port ${config.REALTIME_PORT}; Ctrl-C stops both`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

await main();
