import type { OnlineAgent } from "./event-types";
import type { RealtimeServer, RealtimeSocket, SocketData } from "./socket-types";

export const boardRoom = "board";

/** Changes arriving within this time are announced once: a reconnecting browser is one update, not two. */
const SETTLE_MS = 100;

/**
 * Who is online, for the supervisor board. Never stored, like presence: it is read from the
 * connected sockets themselves (across server processes through the Socket.IO adapter), and
 * sent to every board watcher on `board:watch` and after any connect, disconnect or change of
 * an agent's queues. Each watcher hears only of agents who share one of their queues.
 */
export class OnlineAgents {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly io: RealtimeServer,
    private readonly onError: (error: unknown) => void,
  ) {}

  async watch(socket: RealtimeSocket): Promise<void> {
    await socket.join(boardRoom);
    const everyone = await this.connectedAgents();
    socket.emit("agents:online", { type: "agents:online", agents: visibleTo(socket.data, everyone), at: new Date().toISOString() });
  }

  async unwatch(socket: RealtimeSocket): Promise<void> {
    await socket.leave(boardRoom);
  }

  /** Someone connected, left or got other queues: the watchers are told once things settle. */
  changed(): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.announce().catch(this.onError);
    }, SETTLE_MS);
  }

  async announce(): Promise<void> {
    const watchers = await this.io.in(boardRoom).fetchSockets();
    if (watchers.length === 0) return;
    const everyone = await this.connectedAgents();
    const at = new Date().toISOString();
    for (const watcher of watchers) {
      if (watcher.data.agent) watcher.emit("agents:online", { type: "agents:online", agents: visibleTo(watcher.data, everyone), at });
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** One entry per agent, however many tabs they have open, with the union of their sockets' queues. */
  private async connectedAgents(): Promise<OnlineAgent[]> {
    const sockets = await this.io.fetchSockets();
    const agents = new Map<number, OnlineAgent>();
    for (const { data } of sockets) {
      if (!data.agent) continue;
      const known = agents.get(data.agent.id);
      const queues = new Set([...(known?.queues ?? []), ...data.queues]);
      agents.set(data.agent.id, { id: data.agent.id, login: data.agent.login, name: data.agent.name, queues: [...queues] });
    }
    return [...agents.values()];
  }
}

/** The agents sharing a queue with the watcher, each with just the shared queues, by name. */
export function visibleTo(watcher: Pick<SocketData, "agent" | "queues">, agents: OnlineAgent[]): OnlineAgent[] {
  const mine = new Set(watcher.queues);
  return agents
    .map((agent) => ({ ...agent, queues: agent.queues.filter((id) => mine.has(id)).sort((a, b) => a - b) }))
    .filter((agent) => agent.queues.length > 0 || agent.id === watcher.agent.id)
    .sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
}
