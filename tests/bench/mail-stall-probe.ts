/**
 * The mail bench's probe of the realtime sidecar, a process of its own (so that the bench's
 * sending of 25 MB does not delay it). Every few milliseconds it sends two pings and records
 * each one's round trip:
 *
 * - `ticket:watch` for one ticket on a Socket.IO client authenticated with an API token, as the
 *   agent's browser does (acknowledged after a database read and a presence broadcast);
 * - `GET /no-such-path` on the same HTTP server over a kept-alive connection: answered 404 at
 *   once, with no database — the event loop alone.
 *
 * At most one of each kind is in flight: a tick that finds one unanswered skips it, so a slow
 * server is not also handed a growing queue of pings, and a stall shows as one long round trip.
 * Driven over IPC by mail-stall.ts.
 */
import { Agent, request } from "node:http";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { io, type Socket } from "socket.io-client";
import type { ProbeCommand, ProbeReply, Series } from "./mail-stall";

const epoch = () => performance.timeOrigin + performance.now();
const TIMEOUT_MS = 10_000;

let socket: Socket | null = null;
let url = "";
let number = "";
let timer: NodeJS.Timeout | null = null;
let refused = 0;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const loop = monitorEventLoopDelay({ resolution: 1 });

class Pings {
  series: Series = { sent: [], rtt: [] };
  private inFlight = false;

  /** Starts one ping unless one is out; `send` calls back once with whether it was answered. */
  tick(send: (done: (answered: boolean) => void) => void): void {
    if (this.inFlight) return;
    this.inFlight = true;
    const index = this.series.sent.length;
    const at = performance.now();
    this.series.sent.push(epoch());
    this.series.rtt.push(Number.NaN);
    send((answered) => {
      this.inFlight = false;
      if (answered) this.series.rtt[index] = performance.now() - at;
      else refused++;
    });
  }

  get idle(): boolean {
    return !this.inFlight;
  }

  take(): Series {
    const series = this.series;
    this.series = { sent: [], rtt: [] };
    return series;
  }
}

const watch = new Pings();
const http = new Pings();

function watchPing(done: (answered: boolean) => void): void {
  socket!.timeout(TIMEOUT_MS).emit("ticket:watch", { number }, (error: Error | null, answer: { ok?: boolean } | undefined) => done(!error && answer?.ok === true));
}

function httpPing(done: (answered: boolean) => void): void {
  const outgoing = request(`${url}/no-such-path`, { agent, timeout: TIMEOUT_MS }, (response) => {
    response.resume();
    response.on("end", () => done(response.statusCode === 404));
  });
  outgoing.on("error", () => done(false));
  outgoing.end();
}

async function connect(command: Extract<ProbeCommand, { type: "connect" }>): Promise<ProbeReply> {
  url = command.url;
  number = command.number;
  const client = io(command.url, { auth: { token: command.token }, transports: ["websocket"], reconnection: false, forceNew: true, timeout: TIMEOUT_MS });
  await new Promise<void>((resolve, reject) => {
    client.once("connect", () => resolve());
    client.once("connect_error", (error: Error) => reject(error));
  });
  socket = client;
  const answer = await socket.timeout(TIMEOUT_MS).emitWithAck("ticket:watch", { number });
  if ((answer as { ok?: boolean } | undefined)?.ok !== true) throw new Error(`ticket:watch ${number} refused: ${JSON.stringify(answer)}`);
  return { type: "connected" };
}

async function stop(): Promise<ProbeReply> {
  if (timer) clearInterval(timer);
  timer = null;
  const deadline = performance.now() + TIMEOUT_MS + 1_000;
  while (!(watch.idle && http.idle) && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  loop.disable();
  const report: ProbeReply = { type: "samples", watch: watch.take(), http: http.take(), refused, probeLoopMaxMs: loop.max / 1e6 };
  refused = 0;
  return report;
}

async function handle(command: ProbeCommand): Promise<ProbeReply> {
  switch (command.type) {
    case "connect":
      return connect(command);
    case "start":
      loop.reset();
      loop.enable();
      timer = setInterval(() => (watch.tick(watchPing), http.tick(httpPing)), command.intervalMs);
      return { type: "started" };
    case "stop":
      return stop();
    case "close":
      socket?.close();
      agent.destroy();
      setTimeout(() => process.exit(0), 50);
      return { type: "closed" };
  }
}

process.on("message", (command: ProbeCommand) => {
  handle(command).then((reply) => process.send?.(reply), (error: unknown) => process.send?.({ type: "error", message: error instanceof Error ? error.message : String(error) } satisfies ProbeReply));
});
process.on("disconnect", () => process.exit(0));
