/**
 * The helpdesk as deployed, for the UI bench: `next start` (production build) and the server
 * process (realtime sidecar, mail gateway, jobs), each in its own process group, sharing one
 * AUTH_SECRET so that the pages' sockets are accepted, with a temporary data directory.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { buildWebIfNeeded, nextBin } from "../../bin/web-build";
import { waitForHealth, httpClient } from "./http";
import { freePort } from "./web-server";

const STOP_TIMEOUT_MS = 10_000;
const LOG_LINES_KEPT = 50;

export interface Service {
  name: string;
  pid: number;
  alive(): boolean;
  logTail(): string[];
  stop(): Promise<void>;
}

export interface Deployment {
  /** Where the browser opens pages, e.g. http://127.0.0.1:41234. */
  baseUrl: string;
  web: Service;
  server: Service;
}

function startService(name: string, root: string, args: string[], env: NodeJS.ProcessEnv): Service {
  const child = spawn(process.execPath, args, { cwd: root, detached: true, stdio: ["ignore", "pipe", "pipe"], env });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    output.splice(0, Math.max(0, output.length - LOG_LINES_KEPT));
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  let exited = false;
  const exit = new Promise<void>((resolve) => child.on("exit", () => ((exited = true), resolve())));
  const pid = child.pid!;
  return {
    name,
    pid,
    alive: () => !exited,
    logTail: () => [...output],
    async stop() {
      if (exited) return;
      try {
        process.kill(-pid, "SIGTERM");
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-pid, "SIGKILL");
        } catch {
          // already gone
        }
      }, STOP_TIMEOUT_MS);
      await exit;
      clearTimeout(timer);
    },
  };
}

async function waitForSidecar(url: string, service: Service, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline && service.alive()) {
    try {
      const response = await fetch(`${url}/health`);
      if (response.status === 200) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the server process was not healthy (${service.alive() ? last : "it exited"})`);
}

/**
 * Builds the web app if its sources changed, then starts both processes on free ports and
 * waits for `/api/health` and the sidecar's `/health`. `onStarted` is called for each process
 * as soon as it runs, so that the caller's cleanup can stop it whatever happens next.
 */
export async function startDeployment(
  root: string,
  options: { databaseUrl: string; dataDir: string; log: (line: string) => void; onStarted: (service: Service) => void },
): Promise<Deployment> {
  await buildWebIfNeeded(root, options.log);
  const [webPort, realtimePort, smtpPort] = [await freePort(), await freePort(), await freePort()];
  const baseUrl = `http://127.0.0.1:${webPort}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: options.databaseUrl,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    AUTH_TRUST_HOST: "true",
    PUBLIC_URL: baseUrl,
    PORT: String(webPort),
    REALTIME_PORT: String(realtimePort),
    REALTIME_PUBLIC_URL: "",
    SMTP_INBOUND_PORT: String(smtpPort),
    HELPDESK_DATA_DIR: options.dataDir,
    REDIS_URL: "",
    SMTP_URL: "",
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  const server = startService("server", root, ["--import", "tsx", path.join("server", "main.ts")], env);
  options.onStarted(server);
  const web = startService("web", root, [nextBin, "start", "--port", String(webPort), "--hostname", "127.0.0.1"], env);
  options.onStarted(web);
  const failed = (service: Service, error: unknown) =>
    new Error(`${(error as Error).message}\n--- ${service.name} output ---\n${service.logTail().join("\n")}`);
  await waitForSidecar(`http://127.0.0.1:${realtimePort}`, server, 60_000).catch((error: unknown) => {
    throw failed(server, error);
  });
  await waitForHealth(httpClient(baseUrl), 60_000, web.alive).catch((error: unknown) => {
    throw failed(web, error);
  });
  options.log(`web on ${baseUrl} (pid ${web.pid}), server process with realtime on port ${realtimePort} (pid ${server.pid})`);
  return { baseUrl, web, server };
}
