/**
 * A load process of the realtime bench (started by realtime-client-pool.ts, never by hand):
 * opens Socket.IO clients with API tokens (`socket.io-client`, or the light client with
 * `--light`; realtime-sockets.ts), records for every event it receives the socket,
 * the event id and the receive time, and answers the driver's commands over IPC
 * (realtime-protocol.ts). It measures its own event-loop delay, since a busy load process
 * delays what it records.
 */
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import type { ClientCommand, ClientResults, Collected, OpenResult, Request, Response, SocketSet } from "./realtime-protocol";
import { LOOP_DELAY_RESOLUTION_MS, loopDelayMs, newestFor, wallClock } from "./realtime-protocol";
import { openSocket, type BenchSocket, type ClientKind } from "./realtime-sockets";

const kind: ClientKind = process.argv.includes("--light") ? "light" : "socket.io";

interface Client {
  socket: BenchSocket;
  index: number;
  token: string;
  /** The queue index its agent reads, null: every queue. */
  reads: number | null;
  lastSeen: number;
}

/** Growable columns of (socket, event id, receive time). */
class Recorder {
  private size = 0;
  private sockets = new Int32Array(1 << 16);
  private ids = new Float64Array(1 << 16);
  private times = new Float64Array(1 << 16);

  push(socket: number, id: number, time: number): void {
    if (this.size === this.sockets.length) {
      const grow = <T extends Int32Array | Float64Array>(from: T, to: T): T => (to.set(from), to);
      this.sockets = grow(this.sockets, new Int32Array(this.size * 2));
      this.ids = grow(this.ids, new Float64Array(this.size * 2));
      this.times = grow(this.times, new Float64Array(this.size * 2));
    }
    this.sockets[this.size] = socket;
    this.ids[this.size] = id;
    this.times[this.size] = time;
    this.size++;
  }

  take(): Pick<Collected, "sockets" | "ids" | "times"> {
    const taken = { sockets: this.sockets.slice(0, this.size), ids: this.ids.slice(0, this.size), times: this.times.slice(0, this.size) };
    this.size = 0;
    return taken;
  }
}

const sets: Record<SocketSet, Client[]> = { main: [], extra: [] };
const recorder = new Recorder();
const histogram = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
histogram.enable();
let utilisationFrom = performance.eventLoopUtilization();
let resyncs = 0;
let dropped = 0;

function record(client: Pick<Client, "index" | "lastSeen">, event: string, id: number): void {
  const time = wallClock();
  if (event === "resync") resyncs++;
  else if (Number.isFinite(id)) {
    recorder.push(client.index, id, time);
    if (id > client.lastSeen) client.lastSeen = id;
  }
}

/** How many new sockets a load process opens at a time (a reconnect storm opens all at once): thousands of simultaneous TCP connects overflow the listen backlog. */
const OPEN_AT_ONCE = 250;

/**
 * Connects the clients, `atOnce` at a time, each with the last event id it saw (if any), and
 * resolves when each has connected or failed.
 */
async function connectAll(clients: Client[], atOnce = clients.length): Promise<OpenResult> {
  const started = performance.now();
  const errors = new Set<string>();
  const outcomes: boolean[] = [];
  const times: number[] = [];
  for (let start = 0; start < clients.length; start += atOnce) {
    const batch = clients.slice(start, start + atOnce).map((client) =>
      client.socket.connect(client.lastSeen > 0 ? { token: client.token, lastEventId: client.lastSeen } : { token: client.token }).then(
        () => (times.push(performance.now() - started), true),
        (error: unknown) => (errors.add(error instanceof Error ? error.message : String(error)), false),
      ),
    );
    outcomes.push(...(await Promise.all(batch)));
  }
  const connected = outcomes.filter(Boolean).length;
  const medianMs = times.sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? Number.NaN;
  return { connected, failed: clients.length - connected, errors: [...errors].slice(0, 5), ms: performance.now() - started, medianMs };
}

function open(command: Extract<ClientCommand, { type: "open" }>): Promise<OpenResult> {
  const clients = command.tokens.map((token, offset) => {
    const state = { index: command.firstIndex + offset, token, reads: command.reads[offset] ?? null, lastSeen: 0 };
    const socket = openSocket(kind, command.url, command.timeoutMs, { onEvent: (event, id) => record(state, event, id), onDrop: () => void dropped++ });
    return Object.assign(state, { socket });
  });
  sets[command.set].push(...clients);
  return connectAll(clients, OPEN_AT_ONCE);
}

function waitFor(clients: Client[], newest: number[], timeoutMs: number): Promise<{ reached: number; of: number }> {
  const deadline = performance.now() + timeoutMs;
  return new Promise((resolve) => {
    const check = () => {
      const reached = clients.filter((client) => client.lastSeen >= newestFor(client.reads, newest)).length;
      if (reached === clients.length || performance.now() > deadline) resolve({ reached, of: clients.length });
      else setTimeout(check, 5);
    };
    check();
  });
}

function collect(): Collected {
  const main = sets.main;
  const collected: Collected = {
    ...recorder.take(),
    firstIndex: main[0]?.index ?? 0,
    lastSeen: Float64Array.from(main, (client) => client.lastSeen),
    loopDelay: {
      p50: loopDelayMs(histogram.percentile(50)),
      p99: loopDelayMs(histogram.percentile(99)),
      max: loopDelayMs(histogram.max),
      utilisation: performance.eventLoopUtilization(utilisationFrom).utilization,
    },
    resyncs,
    dropped,
  };
  return collected;
}

async function handle(command: ClientCommand): Promise<ClientResults[ClientCommand["type"]]> {
  switch (command.type) {
    case "open":
      return open(command);
    case "close": {
      for (const client of sets[command.set]) client.socket.close();
      return { closed: sets[command.set].length };
    }
    case "reconnect":
      return connectAll(sets[command.set]);
    case "phase":
      recorder.take();
      histogram.reset();
      utilisationFrom = performance.eventLoopUtilization();
      resyncs = 0;
      dropped = 0;
      return {};
    case "waitFor":
      return waitFor(sets[command.set], command.newest, command.timeoutMs);
    case "collect":
      return collect();
  }
}

process.on("message", (message: Request) => {
  const reply = (response: Response) => process.send?.(response);
  handle(message).then(
    (result) => reply({ requestId: message.requestId, ok: true, result }),
    (error: unknown) => reply({ requestId: message.requestId, ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});
// The driver going away, or stopping it, ends this process (with an exit that writes a --cpu-prof profile).
process.on("disconnect", () => process.exit(0));
process.on("SIGTERM", () => process.exit(0));
