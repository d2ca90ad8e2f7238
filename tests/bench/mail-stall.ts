/**
 * Drives the realtime probe (mail-stall-probe.ts, a child process) and reads its samples: how
 * long the sidecar took to answer its pings (`ticket:watch`, and an HTTP 404 that needs no
 * database) while idle and while a large message went through the server process. The stall
 * is the worst round trip minus the idle median.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { percentile } from "./stats";

export type ProbeCommand =
  | { type: "connect"; url: string; token: string; number: string }
  | { type: "start"; intervalMs: number }
  | { type: "stop" }
  | { type: "close" };

export type ProbeReply =
  | { type: "connected" }
  | { type: "started" }
  | { type: "closed" }
  | { type: "error"; message: string }
  | { type: "samples"; watch: Series; http: Series; refused: number; probeLoopMaxMs: number };

/** `sent`: epoch ms of each ping; `rtt`: its round trip in ms (NaN when unanswered). */
export interface Series {
  sent: number[];
  rtt: number[];
}

export type Samples = Extract<ProbeReply, { type: "samples" }>;

const here = path.dirname(fileURLToPath(import.meta.url));

export class StallProbe {
  private readonly waiting: ((reply: ProbeReply) => void)[] = [];
  private readonly exited: Promise<void>;

  private constructor(private readonly child: ChildProcess) {
    child.on("message", (reply: ProbeReply) => this.waiting.shift()?.(reply));
    this.exited = new Promise((resolve) => child.once("exit", () => resolve()));
    void this.exited.then(() => {
      for (const waiter of this.waiting.splice(0)) waiter({ type: "error", message: "the probe process exited" });
    });
  }

  static start(root: string): StallProbe {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(here, "mail-stall-probe.ts")], { cwd: root, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    return new StallProbe(child);
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  private async command(command: ProbeCommand): Promise<ProbeReply> {
    const reply = await new Promise<ProbeReply>((resolve) => {
      this.waiting.push(resolve);
      this.child.send(command);
    });
    if (reply.type === "error") throw new Error(`realtime probe: ${reply.message}`);
    return reply;
  }

  async connect(url: string, token: string, number: string): Promise<void> {
    await this.command({ type: "connect", url, token, number });
  }

  async start(intervalMs: number): Promise<void> {
    await this.command({ type: "start", intervalMs });
  }

  async stop(): Promise<Samples> {
    const reply = await this.command({ type: "stop" });
    if (reply.type !== "samples") throw new Error(`realtime probe: unexpected ${reply.type}`);
    return reply;
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 3_000);
    this.child.send({ type: "close" } satisfies ProbeCommand);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Epoch ms of a message's DATA, its 250 and its announced commit. */
export interface MessageTimes {
  dataAt: number;
  acceptedAt: number;
  committedAt: number;
}

export interface StallResult {
  pings: number;
  worstRttMs: number;
  /** Epoch ms at which the worst ping was sent. */
  worstSentAt: number;
  p99RttMs: number;
  /** When the worst ping was sent, relative to the message: "x ms after DATA" and which stage. */
  worstWhen: string;
  unanswered: number;
}

const answered = (series: Series) => series.rtt.filter((value) => !Number.isNaN(value));

export interface Baseline {
  p50: number;
  p99: number;
  max: number;
  pings: number;
}

export function idleBaseline(series: Series): Baseline {
  const rtt = answered(series);
  return { p50: percentile(rtt, 0.5), p99: percentile(rtt, 0.99), max: percentile(rtt, 1), pings: rtt.length };
}

/** The worst round trip of one kind of ping while a message went through, and when it was sent. */
export function stallOf(series: Series, window: MessageTimes): StallResult {
  let worst = -1;
  series.rtt.forEach((value, index) => {
    if (!Number.isNaN(value) && (worst === -1 || value > series.rtt[worst]!)) worst = index;
  });
  const sentAt = worst === -1 ? Number.NaN : series.sent[worst]!;
  const stage = sentAt < window.dataAt ? "before DATA" : sentAt < window.acceptedAt ? "while receiving and storing" : sentAt < window.committedAt ? "while processing" : "after the commit";
  return {
    pings: answered(series).length,
    worstRttMs: worst === -1 ? Number.NaN : series.rtt[worst]!,
    worstSentAt: sentAt,
    p99RttMs: percentile(answered(series), 0.99),
    worstWhen: `${Math.round(sentAt - window.dataAt)} ms after DATA, ${stage}`,
    unanswered: series.rtt.length - answered(series).length,
  };
}
