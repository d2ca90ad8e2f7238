import type { Server, Socket } from "socket.io";
import type { ClientToServerEvents, ServerToClientEvents } from "./event-types";
import type { SocketAgent } from "./handshake";

/**
 * What a socket carries; plain arrays, so that it crosses server processes through the Redis
 * adapter (its credential stays in the process that holds the socket).
 */
export interface SocketData {
  agent: SocketAgent;
  /** The queues the agent may read, whose rooms the socket is in. */
  queues: number[];
  /** Tickets the socket watches (presence), by number. */
  watching: string[];
  composing: string[];
}

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
