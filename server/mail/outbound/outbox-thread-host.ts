import { Worker } from "node:worker_threads";
import type { OutboxThreadData, OutboxThreadEvent, OutboxThreadRequest } from "./outbox-thread-protocol";

export interface OutboxThread {
  /** Lets the batch in flight commit, then ends the thread. */
  stop(): Promise<void>;
}

/** After an unexpected end, the thread starts again this much later (a crash loop must not spin). */
const RESTART_DELAY_MS = 1_000;

/**
 * Runs the outbox worker in its own thread (outbox-thread.ts). A thread that ends without being
 * asked to is started again: nothing is lost meanwhile, since the outbox rows wait in the
 * database and a message sent but not marked sent goes out again with its Message-ID.
 */
export function startOutboxThread(data: OutboxThreadData, onStarted: (description: string) => void = () => {}): OutboxThread {
  let stopping = false;
  let restart: NodeJS.Timeout | undefined;

  const spawn = (): { worker: Worker; exited: Promise<number> } => {
    const worker = new Worker(new URL("../worker-boot.mjs", import.meta.url), { workerData: { ...data, entry: new URL("./outbox-thread.ts", import.meta.url).href } });
    const exited = new Promise<number>((resolve) => worker.once("exit", resolve));
    worker.on("message", (event: OutboxThreadEvent) => {
      if (event.type === "started") onStarted(event.description);
    });
    worker.on("error", (error) => console.error("[mail] the outbox thread failed:", error.message));
    void exited.then((code) => {
      if (stopping) return;
      console.error(`[mail] the outbox thread ended (${code}): starting it again in ${RESTART_DELAY_MS} ms`);
      restart = setTimeout(() => (current = spawn()), RESTART_DELAY_MS);
    });
    return { worker, exited };
  };
  let current = spawn();

  return {
    async stop() {
      stopping = true;
      clearTimeout(restart);
      current.worker.postMessage({ type: "stop" } satisfies OutboxThreadRequest);
      await current.exited;
    },
  };
}
