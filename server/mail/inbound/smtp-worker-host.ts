import { Worker } from "node:worker_threads";
import type { SmtpWorkerData, SmtpWorkerEvent, SmtpWorkerRequest } from "./smtp-worker-protocol";

export interface SmtpWorkerOptions extends SmtpWorkerData {
  /** Told of each stored message and given its bytes, e.g. to process it at once. */
  onStored: (id: number, raw: Uint8Array<ArrayBuffer>) => void;
  /** The thread ended without being asked to (an uncaught error in it): nothing receives mail any more. */
  onExit: (code: number) => void;
}

export interface RunningSmtpWorker {
  /** The port it listens on (the kernel's pick when asked for 0). */
  port: number;
  /** Stops accepting mail, lets the open sessions finish (smtp-server's grace period), ends the thread. */
  close(): Promise<void>;
}

/**
 * Starts the inbound SMTP server in its own worker thread (smtp-worker.ts) and resolves once
 * it listens; rejects when it cannot (the port is taken, say).
 */
export function startSmtpWorker(options: SmtpWorkerOptions): Promise<RunningSmtpWorker> {
  const { onStored, onExit, ...data } = options;
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("../worker-boot.mjs", import.meta.url), { workerData: { ...data, entry: new URL("./smtp-worker.ts", import.meta.url).href } });
    let listening = false;
    let closing = false;
    const exited = new Promise<number>((resolveExit) => worker.once("exit", resolveExit));
    worker.on("message", (event: SmtpWorkerEvent) => {
      if (event.type === "stored") onStored(event.id, event.raw);
      else if (event.type === "listen-failed") reject(new Error(event.error));
      else if (event.type === "listening") {
        listening = true;
        resolve({
          port: event.port,
          async close() {
            closing = true;
            worker.postMessage({ type: "close" } satisfies SmtpWorkerRequest);
            await exited;
          },
        });
      }
    });
    worker.on("error", (error) => console.error("[mail] the SMTP worker failed:", error.message));
    void exited.then((code) => {
      if (!listening) reject(new Error(`the SMTP worker exited (${code}) before it listened`));
      else if (!closing) onExit(code);
    });
  });
}
