/**
 * The "fresh machine" path: `npm start` (bin/start.ts) without DATABASE_URL starts an embedded
 * PostgreSQL in a new data dir, prints the generated admin password once, serves web and
 * server, lets the CLI share its database, stops everything on Ctrl-C and starts again.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Browser } from "@playwright/test";
import { freePort, ROOT, runCli, signIn } from "./support/e2e-env";

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

interface Running {
  child: ChildProcess;
  output: string;
  exit: Exit | null;
  exited: Promise<Exit>;
}

const PASSWORD_LINE = /created the administrator: login "admin", password "([^"]+)"/;
const started: Running[] = [];
let dataDir = "";
let env: NodeJS.ProcessEnv = { ...process.env };
let port = 0;
let realtimePort = 0;
let smtpPort = 0;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * What `npm start` runs (`node --import tsx bin/start.ts`), as its own process group, as a
 * terminal would run it. Without npm around it: npm itself dies by the SIGINT it relays (so the
 * shell shows 130) whatever its child's exit code, which would hide start.ts's own exit code.
 */
function startHelpdesk(): Running {
  const child = spawn(process.execPath, ["--import", "tsx", "bin/start.ts"], { cwd: ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const running: Running = {
    child,
    output: "",
    exit: null,
    exited: new Promise((resolve) => child.on("exit", (code, signal) => resolve((running.exit = { code, signal })))),
  };
  const collect = (chunk: Buffer) => (running.output += chunk.toString());
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  started.push(running);
  return running;
}

/** Ctrl-C in the terminal: SIGINT to the whole foreground process group. */
function interrupt(running: Running, signal: NodeJS.Signals = "SIGINT"): void {
  if (running.exit || !running.child.pid) return;
  try {
    process.kill(-running.child.pid, signal);
  } catch {
    // already gone
  }
}

async function waitFor(what: string, running: Running, check: () => Promise<boolean> | boolean, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (running.exit) throw new Error(`bin/start.ts exited (${running.exit.signal ?? `code ${running.exit.code}`}) before ${what}. Output:\n${running.output}`);
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs / 1000} s. Output:\n${running.output}`);
    await sleep(250);
  }
}

async function status(url: string): Promise<number> {
  try {
    const response = await fetch(url, { redirect: "manual" });
    await response.body?.cancel();
    return response.status;
  } catch {
    return 0;
  }
}

async function postmasterPid(): Promise<number> {
  const pid = Number((await readFile(path.join(dataDir, "postgres", "postmaster.pid"), "utf8")).split("\n")[0]);
  expect(Number.isInteger(pid) && pid > 0, `postmaster.pid holds a pid (${pid})`).toBe(true);
  return pid;
}

/** SIGINT, then: exit code 0 within 20 s, and the embedded PostgreSQL is gone. */
async function stopAndCheck(running: Running): Promise<void> {
  const pid = await postmasterPid();
  expect(isAlive(pid)).toBe(true);
  interrupt(running);
  const exit = await Promise.race([running.exited, sleep(20_000).then(() => null)]);
  expect(exit, `bin/start.ts still running 20 s after SIGINT. Output:\n${running.output}`).not.toBeNull();
  expect(exit, `exit after SIGINT. Output:\n${running.output}`).toEqual({ code: 0, signal: null });
  expect(() => process.kill(pid, 0), `the embedded postgres (pid ${pid}) is still running`).toThrow();
}

async function signInOn(browser: Browser, login: string, password: string, name: string): Promise<void> {
  const context = await browser.newContext({ baseURL: `http://127.0.0.1:${port}` });
  try {
    const page = await context.newPage();
    await signIn(page, login, password, name);
    await expect(page.getByTestId("current-agent")).toContainText(name);
  } finally {
    await context.close();
  }
}

test.beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "hd-start-"));
  port = await freePort();
  do realtimePort = await freePort();
  while (realtimePort === port);
  do smtpPort = await freePort();
  while (smtpPort === port || smtpPort === realtimePort);
  env = { ...process.env, HELPDESK_DATA_DIR: dataDir, PORT: String(port), REALTIME_PORT: String(realtimePort), SMTP_INBOUND_PORT: String(smtpPort) };
  for (const name of ["DATABASE_URL", "HELPDESK_ADMIN_PASSWORD", "AUTH_SECRET", "PUBLIC_URL"]) delete env[name];
});

test.afterAll(async () => {
  for (const running of started) interrupt(running);
  await Promise.race([Promise.all(started.map((running) => running.exited)), sleep(20_000)]);
  for (const running of started) interrupt(running, "SIGKILL");
  const pidFile = path.join(dataDir, "postgres", "postmaster.pid");
  if (existsSync(pidFile)) {
    const pid = Number((await readFile(pidFile, "utf8")).split("\n")[0]);
    if (pid > 0 && isAlive(pid)) {
      process.kill(pid, "SIGINT");
      for (let i = 0; i < 100 && isAlive(pid); i++) await sleep(100);
    }
  }
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

test("a fresh machine: embedded database, one-time admin password, shared with the CLI, clean stop and restart", async ({ browser }) => {
  test.setTimeout(300_000);
  const web = () => `http://127.0.0.1:${port}`;

  const first = startHelpdesk();
  let adminPassword = "";
  await test.step("starts with a generated admin password on an embedded database", async () => {
    await waitFor("the generated admin password", first, () => PASSWORD_LINE.test(first.output));
    adminPassword = PASSWORD_LINE.exec(first.output)?.[1] ?? "";
    expect(adminPassword.length).toBeGreaterThan(0);
    await waitFor("GET /api/health = 200", first, async () => (await status(`${web()}/api/health`)) === 200);
    expect(first.output).toMatch(/embedded/i);
    expect(first.output).toContain("DATABASE_URL");
    expect(first.output).toMatch(/evaluation/i);
    expect(await status(`${web()}/login`)).toBe(200);
    await waitFor("GET /health on REALTIME_PORT = 200", first, async () => (await status(`http://127.0.0.1:${realtimePort}/health`)) === 200, 30_000);
  });

  await test.step("the admin signs in with the printed password", async () => {
    await signInOn(browser, "admin", adminPassword, "Admin");
  });

  await test.step("the CLI without DATABASE_URL uses the running embedded database", async () => {
    const login = `carol-${randomBytes(3).toString("hex")}`;
    const password = `pw-${randomBytes(8).toString("hex")}`;
    const result = await runCli(["agent:add", "--login", login, "--name", "Carol Start", "--email", `${login}@example.com`, "--password", password], env);
    expect(result.code, `agent:add: ${result.stderr}`).toBe(0);
    expect(result.stderr).not.toContain("using the embedded database"); // it did not start a second one
    expect(result.stderr).not.toMatch(/created the administrator/);
    await signInOn(browser, login, password, "Carol Start");
  });

  await test.step("Ctrl-C stops web, server and the embedded database, exit 0", async () => {
    await stopAndCheck(first);
    expect(await status(`${web()}/api/health`)).toBe(0);
  });

  await test.step("starts again on the same data dir without a new admin password", async () => {
    const second = startHelpdesk();
    await waitFor("GET /api/health = 200 after the restart", second, async () => (await status(`${web()}/api/health`)) === 200);
    await waitFor("GET /health on REALTIME_PORT = 200 after the restart", second, async () => (await status(`http://127.0.0.1:${realtimePort}/health`)) === 200, 30_000);
    expect(second.output).not.toMatch(/created the administrator/);
    await signInOn(browser, "admin", adminPassword, "Admin");
    await stopAndCheck(second);
  });
});
