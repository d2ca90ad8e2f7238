import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ClientKind } from "./realtime-sockets";
import type { ClientCommand, ClientResults, Collected, LoopDelay, OpenResult, Request, Response, SocketSet, WaitResult } from "./realtime-protocol";

const here = path.dirname(fileURLToPath(import.meta.url));

interface LoadProcess {
  child: ChildProcess;
  pending: Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>;
  exited: Promise<void>;
}

/** Everything the load processes recorded in a phase, merged. */
export interface MergedCollection {
  sockets: Int32Array[];
  ids: Float64Array[];
  times: Float64Array[];
  /** The last event id each main socket saw, by global socket index. */
  lastSeen: Map<number, number>;
  loopDelays: LoopDelay[];
  resyncs: number;
  dropped: number;
}

/** Merges the results of one command sent to every load process. */
function mergeOpen(results: OpenResult[]): OpenResult {
  return {
    connected: results.reduce((sum, result) => sum + result.connected, 0),
    failed: results.reduce((sum, result) => sum + result.failed, 0),
    errors: [...new Set(results.flatMap((result) => result.errors))],
    ms: Math.max(0, ...results.map((result) => result.ms)),
    // The median of the processes' medians: close enough for equal shares.
    medianMs: results.map((result) => result.medianMs).sort((a, b) => a - b)[Math.floor(results.length / 2)] ?? Number.NaN,
  };
}

/**
 * The load processes of the realtime bench (realtime-clients.ts, run through tsx), each
 * holding an equal share of the sockets, driven over IPC.
 */
export class ClientPool {
  private readonly processes: LoadProcess[] = [];
  private nextRequest = 1;

  /** `kind`: which client they open (realtime-sockets.ts); `cpuProfileDir`: run them with `--cpu-prof`, the profile written there when they stop. */
  constructor(count: number, root: string, options: { kind: ClientKind; cpuProfileDir: string | null }) {
    const profiling = options.cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
    // Node 20 has its WebSocket behind a flag (the light client's); Node 22 on by default.
    const light = options.kind === "light" ? ["--experimental-websocket", "--no-warnings"] : [];
    for (let index = 0; index < count; index++) {
      const child = spawn(process.execPath, [...profiling, ...light, "--import", "tsx", path.join(here, "realtime-clients.ts"), ...(options.kind === "light" ? ["--light"] : [])], {
        cwd: root,
        stdio: ["ignore", "inherit", "inherit", "ipc"],
        serialization: "advanced",
      });
      const pending: LoadProcess["pending"] = new Map();
      child.on("message", (message: Response) => {
        const waiting = pending.get(message.requestId);
        pending.delete(message.requestId);
        if (message.ok) waiting?.resolve(message.result);
        else waiting?.reject(new Error(`load process: ${message.error}`));
      });
      const exited = new Promise<void>((resolve) =>
        child.on("exit", (code) => {
          for (const waiting of pending.values()) waiting.reject(new Error(`load process ${child.pid} exited (${code})`));
          pending.clear();
          resolve();
        }),
      );
      this.processes.push({ child, pending, exited });
    }
  }

  get pids(): number[] {
    return this.processes.map((load) => load.child.pid!);
  }

  private ask<Type extends ClientCommand["type"]>(load: LoadProcess, command: Extract<ClientCommand, { type: Type }>): Promise<ClientResults[Type]> {
    const requestId = this.nextRequest++;
    return new Promise((resolve, reject) => {
      load.pending.set(requestId, { resolve: resolve as (result: unknown) => void, reject });
      const request: Request = { ...command, requestId };
      load.child.send(request, (error) => error && reject(error));
    });
  }

  private askAll<Type extends ClientCommand["type"]>(command: Extract<ClientCommand, { type: Type }>): Promise<ClientResults[Type][]> {
    return Promise.all(this.processes.map((load) => this.ask(load, command)));
  }

  /** Opens one socket per token (`reads`: the queue index each token's agent reads, null: all), split evenly over the processes. */
  async open(set: SocketSet, url: string, tokens: string[], reads: (number | null)[], firstIndex: number, timeoutMs = 60_000): Promise<OpenResult> {
    const share = Math.ceil(tokens.length / this.processes.length);
    const results = await Promise.all(
      this.processes.map((load, index) =>
        this.ask<"open">(load, {
          type: "open",
          set,
          url,
          tokens: tokens.slice(index * share, (index + 1) * share),
          reads: reads.slice(index * share, (index + 1) * share),
          firstIndex: firstIndex + index * share,
          timeoutMs,
        }),
      ),
    );
    return mergeOpen(results);
  }

  async close(set: SocketSet): Promise<number> {
    return (await this.askAll<"close">({ type: "close", set })).reduce((sum, result) => sum + result.closed, 0);
  }

  async reconnect(set: SocketSet): Promise<OpenResult> {
    return mergeOpen(await this.askAll<"reconnect">({ type: "reconnect", set }));
  }

  async phase(): Promise<void> {
    await this.askAll<"phase">({ type: "phase" });
  }

  /** Until every socket of the set has the newest event of what it reads (`newest` by queue index). */
  async waitFor(set: SocketSet, newest: number[], timeoutMs: number): Promise<WaitResult> {
    const results = await this.askAll<"waitFor">({ type: "waitFor", set, newest, timeoutMs });
    return { reached: results.reduce((sum, result) => sum + result.reached, 0), of: results.reduce((sum, result) => sum + result.of, 0) };
  }

  async collect(): Promise<MergedCollection> {
    const results: Collected[] = await this.askAll<"collect">({ type: "collect" });
    const lastSeen = new Map<number, number>();
    for (const result of results) result.lastSeen.forEach((id, offset) => lastSeen.set(result.firstIndex + offset, id));
    return {
      sockets: results.map((result) => result.sockets),
      ids: results.map((result) => result.ids),
      times: results.map((result) => result.times),
      lastSeen,
      loopDelays: results.map((result) => result.loopDelay),
      resyncs: results.reduce((sum, result) => sum + result.resyncs, 0),
      dropped: results.reduce((sum, result) => sum + result.dropped, 0),
    };
  }

  async stop(): Promise<void> {
    for (const load of this.processes) if (load.child.exitCode === null) load.child.kill("SIGTERM");
    await Promise.all(this.processes.map((load) => load.exited));
  }
}
