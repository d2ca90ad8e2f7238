/**
 * The browser's connection to the realtime sidecar: connects with the session cookie (or a
 * token), resumes from the last event id it has seen — the page's, then every event's — so a
 * reconnect misses nothing, and reports `resync` when it fell too far behind to catch up.
 */
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, HandshakeAuth, ServerToClientEvents } from "@/server/realtime/event-types";

export type RealtimeSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface RealtimeOptions {
  /** The sidecar, e.g. `http://helpdesk.example.com:3001` (REALTIME_PUBLIC_URL). */
  url: string;
  /** The last event id the page reflects (server-rendered with it). */
  lastEventId?: number;
  /** For clients that are not browsers; browsers send their session cookie. */
  token?: string;
  /** Called when the sidecar cannot replay what was missed: the page should reload its data. */
  onResync?: () => void;
}

export interface RealtimeConnection {
  socket: RealtimeSocket;
  /** The newest event id received, where the next reconnect resumes. */
  readonly lastEventId: number | undefined;
  watch(number: string): Promise<void>;
  unwatch(number: string): Promise<void>;
  setComposing(number: string, composing: boolean): Promise<void>;
  /** Receive `agents:online` now and on every change (the supervisor board). */
  watchBoard(): Promise<void>;
  unwatchBoard(): Promise<void>;
  close(): void;
}

const HISTORY_EVENTS = ["ticket:created", "ticket:updated", "article:created", "notification"] as const;

export function connectRealtime(options: RealtimeOptions): RealtimeConnection {
  let lastEventId = options.lastEventId;
  const auth: HandshakeAuth = { ...(options.token ? { token: options.token } : {}), ...(lastEventId !== undefined ? { lastEventId } : {}) };
  const socket: RealtimeSocket = io(options.url, { withCredentials: true, auth, transports: ["websocket", "polling"] });

  // Every history event advances the resume point; the auth object is sent again on each reconnect.
  for (const name of HISTORY_EVENTS) {
    socket.on(name, (event: { eventId: number }) => {
      if (lastEventId === undefined || event.eventId > lastEventId) {
        lastEventId = event.eventId;
        auth.lastEventId = lastEventId;
      }
    });
  }
  socket.on("resync", () => options.onResync?.());

  const request = (send: (ack: (answer: { ok: boolean; error?: string }) => void) => void) =>
    new Promise<void>((resolve, reject) => send((answer) => (answer.ok ? resolve() : reject(new Error(answer.error ?? "refused")))));

  return {
    socket,
    get lastEventId() {
      return lastEventId;
    },
    watch: (number) => request((ack) => socket.emit("ticket:watch", { number }, ack)),
    unwatch: (number) => request((ack) => socket.emit("ticket:unwatch", { number }, ack)),
    setComposing: (number, composing) => request((ack) => socket.emit("presence:composing", { number, composing }, ack)),
    watchBoard: () => request((ack) => socket.emit("board:watch", {}, ack)),
    unwatchBoard: () => request((ack) => socket.emit("board:unwatch", {}, ack)),
    close: () => socket.close(),
  };
}
