import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { WorkerRequest, WorkerResponse } from "./mail-worker-protocol";
import type { ProcessResult } from "./process-inbound-message";
import type { Envelope, InboundSource } from "./store-inbound-message";

/** A failure the sender should retry later (SMTP 451, pipe exit 75): the database is unreachable or a worker died. */
export class TemporaryMailError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TemporaryMailError";
  }
}

export interface StoredMessage {
  id: number;
}

/** A message being received: its bytes go to a worker as they arrive. */
export interface IncomingUpload<Stored extends StoredMessage = StoredMessage> {
  write(chunk: Buffer): void;
  /** Stores what was written; resolves once it is in the database. */
  store(source: InboundSource, envelope: Envelope): Promise<Stored>;
  abort(): void;
}

/** Where a receiver (the SMTP server, the IMAP poller) sends a message's bytes: the mail workers, or the receiving thread itself. */
export interface UploadTarget<Stored extends StoredMessage = StoredMessage> {
  upload(): IncomingUpload<Stored>;
}

type Waiter = { resolve: (response: WorkerResponse) => void; worker: Worker };

/**
 * One mail worker per two cores. Each message costs its PostgreSQL backend about as much CPU as
 * it costs the worker, so a worker per core leaves the database short: on 2 cores (mail bench,
 * Dec 6) one worker with its 4 connections filed 108–133 messages/s where two with 8 filed
 * 102–121, each message's backend CPU 4.3–5.4 ms against 4.8–5.9 ms (more transactions in
 * flight wait longer on the history append's lock), and each worker is one more isolate whose
 * code V8 compiles and whose heap it collects.
 */
export function defaultMailWorkerCount(cores = availableParallelism()): number {
  return Math.max(1, Math.floor(cores / 2));
}

/** Mail worker threads, used in turn; a worker that dies is replaced and its requests fail as temporary. */
export class MailWorkerPool implements UploadTarget {
  private readonly workers: Worker[] = [];
  private readonly waiting = new Map<number, Waiter>();
  /** Workers that have exited: a request to one (an upload begun before it died) fails at once instead of waiting forever. */
  private readonly exited = new WeakSet<Worker>();
  private nextRequest = 1;
  private nextWorker = 0;
  private closed = false;

  constructor(
    private readonly databaseUrl: string,
    size = defaultMailWorkerCount(),
  ) {
    for (let index = 0; index < size; index++) this.workers.push(this.spawn());
  }

  private spawn(): Worker {
    const worker = new Worker(new URL("../worker-boot.mjs", import.meta.url), { workerData: { entry: new URL("./mail-worker.ts", import.meta.url).href, databaseUrl: this.databaseUrl } });
    worker.on("message", (response: WorkerResponse) => {
      const waiter = this.waiting.get(response.requestId);
      this.waiting.delete(response.requestId);
      waiter?.resolve(response);
    });
    worker.on("error", (error) => console.error("[mail] worker failed:", error.message));
    worker.on("exit", () => {
      this.exited.add(worker);
      for (const [requestId, waiter] of this.waiting) {
        if (waiter.worker !== worker) continue;
        this.waiting.delete(requestId);
        waiter.resolve({ requestId, ok: false, error: "the mail worker stopped", temporary: true });
      }
      const index = this.workers.indexOf(worker);
      if (index !== -1 && !this.closed) this.workers[index] = this.spawn();
    });
    return worker;
  }

  private pick(): Worker {
    const worker = this.workers[this.nextWorker++ % this.workers.length]!;
    return worker;
  }

  private request(worker: Worker, message: WorkerRequest, transfer: ArrayBuffer[] = []): Promise<WorkerResponse> {
    return new Promise((resolve) => {
      if (this.exited.has(worker)) {
        resolve({ requestId: message.requestId, ok: false, error: "the mail worker stopped", temporary: true });
        return;
      }
      this.waiting.set(message.requestId, { resolve, worker });
      worker.postMessage(message, transfer);
    });
  }

  upload(): IncomingUpload {
    const worker = this.pick();
    const requestId = this.nextRequest++;
    return {
      write: (chunk) => {
        // A copy: the chunk may share its memory with other buffers, and this one is handed over whole.
        const copy = new Uint8Array(chunk);
        worker.postMessage({ type: "chunk", requestId, chunk: copy } satisfies WorkerRequest, [copy.buffer]);
      },
      store: async (source, envelope) => {
        const response = await this.request(worker, { type: "store", requestId, source, envelope });
        if (!response.ok) throw response.temporary ? new TemporaryMailError(response.error) : new Error(response.error);
        if (!("stored" in response)) throw new Error("the mail worker answered out of turn");
        return response.stored;
      },
      abort: () => worker.postMessage({ type: "abort", requestId } satisfies WorkerRequest),
    };
  }

  /** Processes a stored message in a worker; `raw`, its bytes when at hand, is transferred (unusable here afterwards). */
  async process(id: number, raw?: Uint8Array<ArrayBuffer>): Promise<ProcessResult> {
    const response = await this.request(this.pick(), { type: "process", requestId: this.nextRequest++, id, raw }, raw ? [raw.buffer] : []);
    if (!response.ok) throw response.temporary ? new TemporaryMailError(response.error) : new Error(response.error);
    if (!("processed" in response)) throw new Error("the mail worker answered out of turn");
    return response.processed;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
