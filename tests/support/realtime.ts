import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { encode } from "next-auth/jwt";
import { io as connect, type Socket } from "socket.io-client";
import type { Database } from "../../db/client";
import type { ClientToServerEvents, ServerToClientEvents } from "../../server/realtime/event-types";
import { startRealtimeSidecar, type Sidecar } from "../../server/realtime/sidecar";
import { TEST_AUTH_SECRET } from "./constants";

export const TEST_ORIGIN = "http://helpdesk.test";

export interface TestSidecar {
  url: string;
  sidecar: Sidecar;
  server: Server;
  stop(): Promise<void>;
}

/** A realtime sidecar on a free port, on the test file's database, with a short catch-up timer. */
export async function startTestSidecar(db: Database, options: { catchUpIntervalMs?: number; redisUrl?: string; port?: number } = {}): Promise<TestSidecar> {
  const server = createServer();
  const sidecar = await startRealtimeSidecar(server, {
    db,
    databaseUrl: process.env.DATABASE_URL!,
    authSecret: TEST_AUTH_SECRET,
    allowedOrigins: [TEST_ORIGIN],
    catchUpIntervalMs: options.catchUpIntervalMs ?? 200,
    redisUrl: options.redisUrl,
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, sidecar, server, stop: () => sidecar.stop() };
}

/** The next-auth session cookie a browser would send, as next-auth itself encodes it. */
export async function sessionCookie(agent: { id: number; login: string; name: string; isAdmin?: boolean }, sessionVersion = 1): Promise<string> {
  const name = "authjs.session-token";
  const value = await encode({ token: { sub: String(agent.id), sv: sessionVersion, name: agent.name, login: agent.login, admin: agent.isAdmin ?? false }, secret: TEST_AUTH_SECRET, salt: name });
  return `${name}=${value}`;
}

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface Received {
  name: string;
  payload: { eventId?: number; type?: string; changes?: string[]; ticket?: { number: string }; [key: string]: unknown };
}

export interface TestClient {
  socket: TestSocket;
  received: Received[];
  /** Resolves with the first received event matching, waiting up to `timeoutMs`. */
  waitFor(match: (event: Received) => boolean, timeoutMs?: number): Promise<Received>;
  /** Waits `ms` and returns what arrived meanwhile, to prove that nothing did. */
  quietFor(ms: number): Promise<Received[]>;
  close(): void;
}

const EVENTS = ["ticket:created", "ticket:updated", "article:created", "notification", "presence", "resync"] as const;

/** A Socket.IO client that records everything it receives. Resolves once connected; rejects with the connect error. */
export async function connectClient(url: string, options: { token?: string; cookie?: string; origin?: string; lastEventId?: number; reconnection?: boolean } = {}): Promise<TestClient> {
  const headers: Record<string, string> = { origin: options.origin ?? TEST_ORIGIN };
  if (options.cookie) headers.cookie = options.cookie;
  const auth: Record<string, unknown> = {};
  if (options.token) auth.token = options.token;
  if (options.lastEventId !== undefined) auth.lastEventId = options.lastEventId;
  const socket: TestSocket = connect(url, { transports: ["websocket"], extraHeaders: headers, auth, reconnection: options.reconnection ?? false, forceNew: true });
  const received: Received[] = [];
  const listeners = new Set<() => void>();
  for (const name of EVENTS) {
    socket.on(name, (payload?: Received["payload"]) => {
      received.push({ name, payload: payload ?? {} });
      if (payload?.eventId !== undefined) auth.lastEventId = Math.max(Number(auth.lastEventId ?? 0), payload.eventId);
      for (const listener of listeners) listener();
    });
  }
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", (error) => {
      socket.close();
      reject(error);
    });
  });
  return {
    socket,
    received,
    waitFor(match, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = received.find(match);
          if (!found) return false;
          listeners.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no matching event within ${timeoutMs} ms; received: ${JSON.stringify(received.map((event) => [event.name, event.payload.type, event.payload.eventId]))}`));
        }, timeoutMs);
        if (!check()) listeners.add(check);
      });
    },
    async quietFor(ms) {
      const before = received.length;
      await new Promise((resolve) => setTimeout(resolve, ms));
      return received.slice(before);
    },
    close: () => socket.close(),
  };
}
