import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PROBE_PREFIX, type ProbeReport } from "./realtime-protocol";
import { freePort } from "./web-server";

const here = path.dirname(fileURLToPath(import.meta.url));
const STOP_TIMEOUT_MS = 10_000;
const LOG_LINES_KEPT = 50;

export interface ServerProcess {
  pid: number;
  url: string;
  /** VmRSS of the process now, in bytes, from /proc. */
  rss(): number;
  /** Asks the probe for a report (it collects garbage after its first readings). */
  probe(timeoutMs?: number): Promise<ProbeReport>;
  logTail(): string[];
  stop(): Promise<void>;
}

export function readRss(pid: number): number {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}

async function waitForHealth(url: string, timeoutMs: number, alive: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline && alive()) {
    try {
      const response = await fetch(`${url}/health`);
      if (response.status === 200) return;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the server process did not become healthy: ${alive() ? last : "it exited"}`);
}

/**
 * Runs the real server process (server/main.ts: realtime sidecar, mail gateway, jobs) on its
 * own ports and data directory, as `node --expose-gc --import tsx realtime-probe.ts` (which
 * imports server/main.ts) rather than through the tsx CLI, so that the pid is the server itself.
 * Waits until `GET /health` on REALTIME_PORT answers 200. `cpuProfileDir` adds `--cpu-prof`.
 */
export async function startServerProcess(root: string, options: { databaseUrl: string; dataDir: string; cpuProfileDir?: string; log: (line: string) => void }): Promise<ServerProcess> {
  const [realtimePort, smtpPort, webPort] = [await freePort(), await freePort(), await freePort()];
  const profiling = options.cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
  const child = spawn(process.execPath, ["--expose-gc", ...profiling, "--import", "tsx", path.join(here, "realtime-probe.ts")], {
    cwd: root,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      REALTIME_PORT: String(realtimePort),
      SMTP_INBOUND_PORT: String(smtpPort),
      HELPDESK_DATA_DIR: options.dataDir,
      PUBLIC_URL: `http://localhost:${webPort}`,
      REDIS_URL: "",
      SMTP_URL: "",
    },
  });
  const output: string[] = [];
  const probes: ((report: ProbeReport) => void)[] = [];
  let partial = "";
  child.stdout.on("data", (chunk: Buffer) => {
    const lines = (partial + chunk.toString("utf8")).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      if (line.startsWith(PROBE_PREFIX)) probes.shift()?.(JSON.parse(line.slice(PROBE_PREFIX.length)) as ProbeReport);
      else if (line) output.push(line);
    }
    output.splice(0, Math.max(0, output.length - LOG_LINES_KEPT));
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    output.splice(0, Math.max(0, output.length - LOG_LINES_KEPT));
  });
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

  const probe = (timeoutMs = 10_000) =>
    new Promise<ProbeReport>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the server's probe did not answer")), timeoutMs);
      probes.push((report) => (clearTimeout(timer), resolve(report)));
      process.kill(pid, "SIGUSR2");
    });

  const url = `http://127.0.0.1:${realtimePort}`;
  try {
    await waitForHealth(url, 60_000, () => !exited);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- server output ---\n${output.join("\n")}`);
  }
  options.log(`server process up, realtime on port ${realtimePort} (pid ${pid})`);
  return { pid, url, rss: () => readRss(pid), probe, logTail: () => [...output], stop };
}
