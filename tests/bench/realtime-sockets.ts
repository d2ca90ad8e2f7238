/**
 * The two clients a load process can open: Socket.IO's own (`socket.io-client`, what the
 * web app uses) or a light one that speaks the same protocol (Engine.IO 4 / Socket.IO 5 over
 * Node's WebSocket, `--experimental-websocket` on Node 20) at about half the CPU per event,
 * so that on a small machine the load processes leave more of it to the server measured.
 */
import { io } from "socket.io-client";

export type ClientKind = "socket.io" | "light";

export interface BenchSocket {
  /** Connects with `auth` in the handshake; resolves once connected, rejects with the `connect_error` message. */
  connect(auth: { token: string; lastEventId?: number }): Promise<void>;
  /** Closes from the client side; `connect` may be called again. */
  close(): void;
}

export interface SocketHandlers {
  /** Every event the server emits, with its `eventId` when it has one (NaN otherwise). */
  onEvent(event: string, eventId: number): void;
  /** The connection ended without `close()`. */
  onDrop(): void;
}

function socketIoClient(url: string, timeoutMs: number, handlers: SocketHandlers): BenchSocket {
  const socket = io(url, { autoConnect: false, forceNew: true, reconnection: false, transports: ["websocket"], timeout: timeoutMs });
  let closing = false;
  socket.onAny((event: string, payload: unknown) => {
    handlers.onEvent(event, typeof payload === "object" && payload !== null && "eventId" in payload ? Number(payload.eventId) : Number.NaN);
  });
  socket.on("disconnect", () => {
    if (!closing) handlers.onDrop();
  });
  return {
    connect(auth) {
      closing = false;
      socket.auth = auth;
      return new Promise((resolve, reject) => {
        socket.once("connect", () => (socket.off("connect_error"), resolve()));
        socket.once("connect_error", (error: Error) => (socket.off("connect"), reject(error)));
        socket.connect();
      });
    },
    close() {
      closing = true;
      socket.disconnect();
    },
  };
}

/** `42["name",{"eventId":123,…` — the sidecar's payloads start with eventId; anything else is parsed in full. */
const EVENT_HEAD = /^42\["([^"\\]+)",\{"eventId":(\d+)[,}]/;

function parseEvent(text: string): { event: string; eventId: number } | null {
  const head = EVENT_HEAD.exec(text);
  if (head) return { event: head[1]!, eventId: Number(head[2]) };
  const parsed: unknown = JSON.parse(text.slice(2));
  if (!Array.isArray(parsed) || typeof parsed[0] !== "string") return null;
  const payload: unknown = parsed[1];
  return { event: parsed[0], eventId: typeof payload === "object" && payload !== null && "eventId" in payload ? Number(payload.eventId) : Number.NaN };
}

function lightClient(url: string, timeoutMs: number, handlers: SocketHandlers): BenchSocket {
  const endpoint = `${url.replace(/^http/, "ws")}/socket.io/?EIO=4&transport=websocket`;
  let ws: WebSocket | null = null;
  return {
    connect(auth) {
      return new Promise((resolve, reject) => {
        let connected = false;
        let ended = false;
        const socket = new WebSocket(endpoint);
        ws = socket;
        const fail = (message: string) => {
          if (ended) return;
          ended = true;
          clearTimeout(timer);
          if (!connected) reject(new Error(message));
          else if (ws === socket) handlers.onDrop();
        };
        const timer = setTimeout(() => (fail("timeout"), socket.close()), timeoutMs);
        socket.onmessage = ({ data }: MessageEvent<string>) => {
          if (data.startsWith("42")) {
            const parsed = parseEvent(data);
            if (parsed) handlers.onEvent(parsed.event, parsed.eventId);
          } else if (data === "2") socket.send("3");
          else if (data.startsWith("0")) socket.send(`40${JSON.stringify(auth)}`);
          else if (data.startsWith("40")) {
            connected = true;
            clearTimeout(timer);
            resolve();
          } else if (data.startsWith("44")) {
            const { message } = JSON.parse(data.slice(2)) as { message?: string };
            socket.close();
            fail(message ?? "connect_error");
          } else if (data.startsWith("41") || data === "1") socket.close();
        };
        socket.onerror = () => fail("websocket error");
        socket.onclose = () => fail("closed");
      });
    },
    close() {
      const socket = ws;
      ws = null;
      if (socket && socket.readyState === WebSocket.OPEN) socket.send("41");
      socket?.close();
    },
  };
}

export function openSocket(kind: ClientKind, url: string, timeoutMs: number, handlers: SocketHandlers): BenchSocket {
  return kind === "light" ? lightClient(url, timeoutMs, handlers) : socketIoClient(url, timeoutMs, handlers);
}
