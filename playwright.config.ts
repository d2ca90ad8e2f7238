import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { TEST_ADMIN_PASSWORD, TEST_AUTH_SECRET } from "./tests/support/constants";

/**
 * Free ports, found by a short-lived child process: the config must be synchronous, and all
 * listeners stay open until every port is known so that the ports differ.
 */
function freePorts(count: number): number[] {
  const script = `
    const net = require("node:net");
    const servers = [];
    for (let i = 0; i < ${count}; i++) {
      const server = net.createServer();
      server.listen(0, "127.0.0.1", () => {
        servers.push(server);
        if (servers.length === ${count}) {
          console.log(servers.map((s) => s.address().port).join(","));
          for (const s of servers) s.close();
        }
      });
    }`;
  return execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }).trim().split(",").map(Number);
}

// Playwright loads this file in the runner and again in every worker. The runner decides the
// ports, the state dir and the database name once; workers inherit them through the env.
if (!process.env.E2E_PORT || !process.env.E2E_REALTIME_PORT || !process.env.E2E_SMTP_PORT) {
  const [port, realtimePort, smtpPort] = freePorts(3);
  process.env.E2E_PORT = String(port);
  process.env.E2E_REALTIME_PORT = String(realtimePort);
  process.env.E2E_SMTP_PORT = String(smtpPort);
}
process.env.E2E_STATE_DIR ??= mkdtempSync(path.join(tmpdir(), "hd-e2e-"));
process.env.E2E_DATABASE_NAME ??= `hd_e2e_${randomBytes(4).toString("hex")}`;

const port = process.env.E2E_PORT;
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "**/*.spec.ts",
  fullyParallel: false,
  workers: 2,
  retries: 0,
  forbidOnly: true,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: "list",
  use: {
    baseURL,
    browserName: "chromium",
    headless: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
    trace: "retain-on-failure",
  },
  webServer: {
    command: `"${process.execPath}" --import tsx tests/e2e/support/serve.ts`,
    url: `${baseURL}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
    env: {
      E2E_PORT: String(port),
      E2E_REALTIME_PORT: String(process.env.E2E_REALTIME_PORT),
      E2E_SMTP_PORT: String(process.env.E2E_SMTP_PORT),
      E2E_STATE_DIR: process.env.E2E_STATE_DIR,
      E2E_DATABASE_NAME: process.env.E2E_DATABASE_NAME,
      HELPDESK_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
      AUTH_SECRET: TEST_AUTH_SECRET,
    },
  },
});
