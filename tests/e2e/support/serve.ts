/**
 * The web server of the e2e run (Playwright's `webServer`): a fresh database on
 * DATABASE_URL's server (or the embedded one in .data), and `bin/start.ts` on it. On
 * SIGTERM/SIGINT it stops start.ts, then drops the database and removes its state dir.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { resolveDatabase, type ResolvedDatabase } from "../../../db/resolve-database";
import { TEST_ADMIN_PASSWORD, TEST_AUTH_SECRET } from "../../support/constants";
import { createDatabase, dropDatabase } from "../../support/databases";
import { databaseUrlFile, e2eSettings, ROOT } from "./e2e-env";

const log = (line: string) => console.log(`[e2e serve] ${line}`);
const settings = e2eSettings();

let server: ResolvedDatabase | null = null;
let databaseCreated = false;
let child: ChildProcess | null = null;
let cleaning: Promise<never> | null = null;

function cleanUpAndExit(code: number): Promise<never> {
  cleaning ??= (async () => {
    try {
      if (server && databaseCreated) await dropDatabase(server.url, settings.databaseName);
    } catch (error) {
      console.error(`[e2e serve] could not drop ${settings.databaseName}: ${(error as Error).message}`);
    }
    await server?.embedded?.stop();
    await rm(settings.stateDir, { recursive: true, force: true });
    log(`stopped (exit ${code})`);
    process.exit(code);
  })();
  return cleaning;
}

function onSignal(signal: NodeJS.Signals) {
  log(`${signal}: stopping`);
  // start.ts stops its own children and exits; its exit handler below cleans up.
  if (child && child.exitCode === null && child.signalCode === null) child.kill(signal);
  else void cleanUpAndExit(0);
}
process.on("SIGTERM", onSignal);
process.on("SIGINT", onSignal);

try {
  server = await resolveDatabase(process.env.DATABASE_URL, path.join(ROOT, ".data"));
  const url = await createDatabase(server.url, settings.databaseName);
  databaseCreated = true;
  await mkdir(settings.stateDir, { recursive: true });
  await writeFile(databaseUrlFile(settings.stateDir), `${url}\n`);
  log(`database ${settings.databaseName}${server.embedded ? " on the embedded server" : ""}; starting on port ${settings.port}`);

  if (!cleaning) {
    child = spawn(process.execPath, ["--import", "tsx", "bin/start.ts"], {
      cwd: ROOT,
      stdio: "inherit",
      env: {
        ...process.env,
        DATABASE_URL: url,
        PORT: String(settings.port),
        REALTIME_PORT: String(settings.realtimePort),
        SMTP_INBOUND_PORT: String(settings.smtpPort),
        PUBLIC_URL: `http://127.0.0.1:${settings.port}`,
        HELPDESK_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
        AUTH_SECRET: TEST_AUTH_SECRET,
        HELPDESK_DATA_DIR: path.join(settings.stateDir, "data"),
      },
    });
    child.on("exit", (code, signal) => {
      if (signal) log(`start.ts ended by ${signal}`);
      void cleanUpAndExit(code ?? 1);
    });
  }
} catch (error) {
  console.error(`[e2e serve] ${(error as Error).stack ?? String(error)}`);
  await cleanUpAndExit(1);
}
