import type { Db } from "../../db/client";
import { NotFoundError } from "../errors";
import { findReadableTicket } from "../tickets/get-ticket";
import { recordOwnerActivity } from "../tickets/record-owner-activity";
import type { Viewer } from "./event-types";
import { ticketRoom } from "./rooms";
import type { RealtimeServer, RealtimeSocket } from "./socket-types";

/** While an owner composes, their activity is renewed this often, so the lock never times out under them. */
const COMPOSING_HEARTBEAT_MS = 60_000;

/**
 * Who views and who composes on each ticket. Never stored: it lives in the sockets (across
 * server processes through the Socket.IO adapter) and is sent to everyone watching the ticket
 * on every join, leave, disconnect and composing change.
 */
export class Presence {
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly io: RealtimeServer,
    private readonly db: Db,
  ) {
    this.heartbeat = setInterval(() => void this.renewComposingOwners(), COMPOSING_HEARTBEAT_MS);
  }

  /** Starts watching a ticket the agent may read; one they may not is not found, as everywhere. */
  async watch(socket: RealtimeSocket, number: string): Promise<void> {
    await findReadableTicket(this.db, socket.data.agent, number);
    await socket.join(ticketRoom(number));
    if (!socket.data.watching.includes(number)) socket.data.watching.push(number);
    await this.announce(number);
  }

  async unwatch(socket: RealtimeSocket, number: string): Promise<void> {
    await socket.leave(ticketRoom(number));
    socket.data.watching = socket.data.watching.filter((watched) => watched !== number);
    socket.data.composing = socket.data.composing.filter((composing) => composing !== number);
    await this.announce(number);
  }

  async setComposing(socket: RealtimeSocket, number: string, composing: boolean): Promise<void> {
    if (!socket.data.watching.includes(number)) throw new NotFoundError("watched ticket");
    const others = socket.data.composing.filter((entry) => entry !== number);
    socket.data.composing = composing ? [...others, number] : others;
    if (composing) await recordOwnerActivity(this.db, { agentId: socket.data.agent.id, number });
    await this.announce(number);
  }

  /** A socket that went away: the tickets it watched tell the others. */
  async forget(watched: string[]): Promise<void> {
    await Promise.all(watched.map((number) => this.announce(number)));
  }

  /** Sends the ticket's watchers who is there, one entry per agent, composing if any of their sockets is. */
  async announce(number: string): Promise<void> {
    const room = ticketRoom(number);
    const sockets = await this.io.in(room).fetchSockets();
    const viewers = new Map<number, Viewer>();
    for (const { data } of sockets) {
      if (!data.agent) continue;
      const composing = data.composing.includes(number);
      const known = viewers.get(data.agent.id);
      viewers.set(data.agent.id, { id: data.agent.id, login: data.agent.login, name: data.agent.name, composing: composing || (known?.composing ?? false) });
    }
    this.io.to(room).emit("presence", { type: "presence", number, viewers: [...viewers.values()].sort((a, b) => a.id - b.id), at: new Date().toISOString() });
  }

  private async renewComposingOwners(): Promise<void> {
    for (const socket of this.io.of("/").sockets.values()) {
      for (const number of socket.data.composing ?? []) {
        await recordOwnerActivity(this.db, { agentId: socket.data.agent.id, number }).catch(() => false);
      }
    }
  }

  stop(): void {
    clearInterval(this.heartbeat);
  }
}
