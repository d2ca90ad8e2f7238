import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { buildWebIfNeeded, nextBin } from "../../bin/web-build";
import { httpClient, waitForHealth, type HttpClient } from "./http";

export interface WebServer {
  client: HttpClient;
  pid: number;
  /** The last lines the server printed: shown when requests failed. */
  logTail(): string[];
  stop(): Promise<void>;
}

const STOP_TIMEOUT_MS = 10_000;
const LOG_LINES_KEPT = 50;

/** A port nothing listens on right now (the kernel's pick). */
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

/**
 * Builds the web app when its sources changed, then runs `next start` against `databaseUrl`
 * in its own process group, and waits until `/api/health` answers 200. Its output is kept
 * (the last lines) and shown when it fails.
 */
export async function startWebServer(root: string, databaseUrl: string, log: (line: string) => void): Promise<WebServer> {
  await buildWebIfNeeded(root, log);
  const port = await freePort();
  const child = spawn(process.execPath, [nextBin, "start", "--port", String(port), "--hostname", "127.0.0.1"], {
    cwd: root,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      AUTH_TRUST_HOST: "true",
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  });
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

  const stop = async () => {
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
  };

  const client = httpClient(`http://127.0.0.1:${port}`);
  try {
    await waitForHealth(client, 60_000, () => !exited);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- next start output ---\n${output.join("\n")}`);
  }
  log(`web server up on port ${port} (pid ${pid})`);
  return { client, pid, logTail: () => [...output], stop };
}
