/** What the e2e specs share: the settings playwright.config.ts decided, and small helpers. */
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, type Page } from "@playwright/test";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the e2e tests through playwright.config.ts`);
  return value;
}

export interface E2eSettings {
  port: number;
  realtimePort: number;
  smtpPort: number;
  /** Temporary, removed by serve.ts when the web server stops. */
  stateDir: string;
  databaseName: string;
}

export function e2eSettings(): E2eSettings {
  return {
    port: Number(required("E2E_PORT")),
    realtimePort: Number(required("E2E_REALTIME_PORT")),
    smtpPort: Number(required("E2E_SMTP_PORT")),
    stateDir: required("E2E_STATE_DIR"),
    databaseName: required("E2E_DATABASE_NAME"),
  };
}

export const databaseUrlFile = (stateDir: string) => path.join(stateDir, "database-url");

/** The URL of the database the web server under test uses (written by serve.ts before it starts). */
export async function e2eDatabaseUrl(): Promise<string> {
  return (await readFile(databaseUrlFile(e2eSettings().stateDir), "utf8")).trim();
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `./bin/helpdesk <args>` from the repository root with exactly `env`, `input` on its standard input. */
export function runCli(args: string[], env: NodeJS.ProcessEnv, input?: Buffer): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(ROOT, "bin", "helpdesk"), args, { cwd: ROOT, env, stdio: "pipe" });
    child.stdin.end(input);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** `./bin/helpdesk <args>` against the e2e database; fails the test unless it exits 0. */
export async function runCliOnE2eDatabase(args: string[]): Promise<string> {
  const result = await runCli(args, { ...process.env, DATABASE_URL: await e2eDatabaseUrl() });
  expect(result.code, `helpdesk ${args.join(" ")}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Fills and submits the login form on the current page (which must be /login). */
export async function submitLogin(page: Page, login: string, password: string): Promise<void> {
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Signs in from /login and waits for the dashboard. */
export async function signIn(page: Page, login: string, password: string, name: string): Promise<void> {
  await page.goto("/login");
  await submitLogin(page, login, password);
  await expect(page.getByRole("heading", { name: `Welcome, ${name}` })).toBeVisible();
  await expect(page).toHaveURL((url) => url.pathname === "/");
}

/** The login form's error (Next's route announcer is an empty `role="alert"` too). */
export const loginAlert = (page: Page) => page.locator("form").getByRole("alert");
