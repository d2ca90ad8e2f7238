import { spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { TEST_AUTH_SECRET } from "./constants";

const ROOT = path.resolve(import.meta.dirname, "../..");
const LOG_LINES_KEPT = 200;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface ServerProcessOptions {
  databaseUrl: string;
  dataDir: string;
  smtpPort: number;
  realtimePort: number;
  /** How long it may take to listen for mail. */
  startTimeoutMs?: number;
}

export interface ServerProcess {
  pid: number;
  /** Its last lines of output, stdout and stderr. */
  output(): string[];
  /** Resolves when it has exited, with how. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL: no shutdown of any kind, as a power cut or the OOM killer. */
  kill(): Promise<void>;
  /** SIGTERM, and its exit code once it has shut down (SIGKILL after `timeoutMs`). */
  stop(timeoutMs?: number): Promise<number | null>;
}

/**
 * The real server process (server/main.ts: realtime sidecar, mail gateway, jobs) on the given
 * ports, as `node --import tsx` rather than `npx tsx`: both of those put a wrapper process
 * between us and the server, and a SIGKILL must hit the server itself. Resolves once it
 * listens for SMTP.
 */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "server/main.ts")], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      AUTH_SECRET: TEST_AUTH_SECRET,
      REALTIME_PORT: String(options.realtimePort),
      SMTP_INBOUND_PORT: String(options.smtpPort),
      HELPDESK_DATA_DIR: options.dataDir,
      PUBLIC_URL: "http://localhost:3999",
      REDIS_URL: "",
      SMTP_URL: "",
    },
  });
  const lines: string[] = [];
  const listeners: ((line: string) => void)[] = [];
  const collect = (stream: NodeJS.ReadableStream) => {
    let partial = "";
    stream.on("data", (chunk: Buffer) => {
      const parts = (partial + chunk.toString("utf8")).split("\n");
      partial = parts.pop() ?? "";
      for (const line of parts) {
        lines.push(line);
        for (const listener of listeners) listener(line);
      }
      lines.splice(0, Math.max(0, lines.length - LOG_LINES_KEPT));
    });
  };
  collect(child.stdout);
  collect(child.stderr);
  let done = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => {
      done = true;
      resolve({ code, signal });
    }),
  );

  const process_: ServerProcess = {
    pid: child.pid!,
    output: () => [...lines],
    exited,
    async kill() {
      if (!done) child.kill("SIGKILL");
      await exited;
    },
    async stop(timeoutMs = 15_000) {
      if (done) return (await exited).code;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      const { code } = await exited;
      clearTimeout(timer);
      return code;
    },
  };

  const listening = new Promise<void>((resolve) => listeners.push((line) => line.includes(`inbound SMTP on port ${options.smtpPort}`) && resolve()));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("the server process did not listen for SMTP in time")), options.startTimeoutMs ?? 60_000);
  });
  try {
    await Promise.race([listening, timeout, exited.then(({ code, signal }) => Promise.reject(new Error(`the server process exited (${signal ?? code}) before listening`)))]);
  } catch (error) {
    await process_.kill();
    throw new Error(`${(error as Error).message}\n--- server output ---\n${lines.join("\n")}`);
  } finally {
    clearTimeout(timer);
  }
  return process_;
}
