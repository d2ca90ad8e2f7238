import type { Server as HttpServer } from "node:http";
import { createAdapter } from "@socket.io/redis-adapter";
import { createClient } from "redis";
import { Server } from "socket.io";
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { DomainError } from "../errors";
import type { Ack, HandshakeAuth } from "./event-types";
import { authenticateHandshake, credentialStillValid, originAllowed, type Credential } from "./handshake";
import { deliveriesFor, type Delivery, type HistoryRecord } from "./history-events";
import { HistoryTailer } from "./history-tailer";
import { findReadableTicket } from "../tickets/get-ticket";
import { OnlineAgents } from "./online-agents";
import { Presence } from "./presence";
import { RecentHistory, replay } from "./replay";
import { agentRoom, queueRoom, readableQueueIds, ticketRoom } from "./rooms";
import { SerialQueue } from "./serial-queue";
import type { RealtimeServer, RealtimeSocket } from "./socket-types";

export interface SidecarOptions {
  db: Db;
  databaseUrl: string;
  authSecret: string;
  /** Origins whose pages may open a socket (the helpdesk's PUBLIC_URL). */
  allowedOrigins: string[];
  redisUrl?: string;
  catchUpIntervalMs?: number;
}

export type SidecarHealth = {
  ok: boolean;
  listening: boolean;
  lagMs: number;
};

export interface Sidecar {
  io: RealtimeServer;
  health(): Promise<SidecarHealth>;
  stop(): Promise<void>;
}

/** Health turns 503 when the sidecar is this far behind ticket_history. */
const MAX_LAG_MS = 5_000;

/** Socket.IO's emit is typed per event name; a delivery carries a name and its matching payload. */
function emit(target: { emit: RealtimeSocket["emit"] }, delivery: Delivery, payload: Delivery["payload"] = delivery.payload): void {
  (target.emit as (name: string, payload: unknown) => boolean)(delivery.name, payload);
}

/**
 * node-redis reports a lost connection, and each failed reconnect, as `error` (unheard, that
 * would end the process) and reconnects by itself: one line when the connection is lost, one
 * when it is back.
 */
function reportRedisOutages(client: ReturnType<typeof createClient>, role: string): void {
  let lost: string | null = null;
  client.on("error", (error: Error) => {
    if (lost === null) console.error(`[realtime] Redis ${role} connection lost (${error.message}); reconnecting`);
    lost = error.message;
  });
  client.on("ready", () => {
    if (lost !== null) console.log(`[realtime] Redis ${role} connection is back`);
    lost = null;
  });
}

/**
 * The realtime sidecar: authenticates each handshake (session cookie or API token, Origin
 * checked), puts the socket in the rooms of the queues its agent may read and of the agent,
 * delivers every ticket_history row as events to those rooms on this instance only
 * (`io.local`, since every instance tails the database itself), replays missed events, keeps
 * rooms in step with permission changes, and runs presence.
 */
export async function startRealtimeSidecar(httpServer: HttpServer, options: SidecarOptions): Promise<Sidecar> {
  const { db } = options;
  const io: RealtimeServer = new Server(httpServer, {
    serveClient: false,
    cors: { origin: options.allowedOrigins, credentials: true },
    allowRequest: (request, callback) => callback(null, originAllowed(request.headers.origin, options.allowedOrigins)),
  });
  const redis = options.redisUrl ? createClient({ url: options.redisUrl, name: "helpdesk-realtime" }) : null;
  const redisSubscriber = redis?.duplicate() ?? null;
  if (redis && redisSubscriber) {
    reportRedisOutages(redis, "publisher");
    reportRedisOutages(redisSubscriber, "subscriber");
    await Promise.all([redis.connect(), redisSubscriber.connect()]);
    // One channel per database: two helpdesks sharing a Redis never see each other's sockets.
    io.adapter(createAdapter(redis, redisSubscriber, { key: `helpdesk:${new URL(options.databaseUrl).pathname.slice(1)}` }));
  }

  let stopping = false;
  const queue = new SerialQueue();
  const recent = new RecentHistory();
  const presence = new Presence(io, db);
  const onlineAgents = new OnlineAgents(io, (error) => console.error("[realtime] online agents update failed:", error instanceof Error ? error.message : error));
  const credentials = new WeakMap<RealtimeSocket, Credential>();
  const socketsByAgent = new Map<number, Set<RealtimeSocket>>();

  /** A notification's ticket in full only for an agent who may still read its queue. */
  const send = (socket: RealtimeSocket, delivery: Delivery, record: HistoryRecord) => {
    if (delivery.name === "notification" && !socket.data.queues.includes(record.queueId)) {
      emit(socket, delivery, { ...delivery.payload, ticket: { id: record.snapshot.id, number: record.snapshot.number } });
    } else emit(socket, delivery);
  };

  const logPresenceFailure = (error: unknown) => console.error("[realtime] presence update failed:", error instanceof Error ? error.message : error);

  /** Watchers who may not read the ticket's new queue stop watching it (and the others are told). */
  const dropWatchersAfterMove = (record: HistoryRecord) => {
    const members = io.of("/").adapter.rooms.get(ticketRoom(record.snapshot.number));
    for (const id of [...(members ?? [])]) {
      const socket = io.of("/").sockets.get(id);
      if (socket && !socket.data.queues.includes(record.queueId)) presence.unwatch(socket, record.snapshot.number).catch(logPresenceFailure);
    }
  };

  const deliver = (records: HistoryRecord[]) => {
    recent.add(records);
    for (const record of records) {
      for (const delivery of deliveriesFor(record)) {
        if (delivery.agentId === undefined) emit(io.local.to(delivery.rooms), delivery);
        else for (const socket of socketsByAgent.get(delivery.agentId) ?? []) send(socket, delivery, record);
      }
      if (record.previousQueueId !== null && record.previousQueueId !== record.queueId) dropWatchersAfterMove(record);
    }
  };
  const tailer = new HistoryTailer(db, options.databaseUrl, queue, deliver, { catchUpIntervalMs: options.catchUpIntervalMs });

  /** Runs on the tailer's queue: after the replay up to where the tailer stands, the rooms are joined before it moves on. */
  const attach = async (socket: RealtimeSocket, lastEventId: number | undefined) => {
    if (socket.disconnected) return;
    if (lastEventId !== undefined && !(await replay(db, recent, socket, lastEventId, tailer.lastId, send))) socket.emit("resync");
    socket.join([agentRoom(socket.data.agent.id), ...socket.data.queues.map(queueRoom)]);
  };

  /** A change to an agent (NOTIFY helpdesk_agents): end their sockets if their credential no longer holds, else re-room them. */
  const revalidate = async (agentId: number) => {
    for (const socket of socketsByAgent.get(agentId) ?? []) {
      const agent = await credentialStillValid(db, agentId, credentials.get(socket)!);
      if (!agent) {
        socket.disconnect(true);
        continue;
      }
      const queues = await readableQueueIds(db, agent);
      const removed = socket.data.queues.filter((id) => !queues.includes(id));
      socket.data.agent = agent;
      socket.data.queues = queues;
      for (const id of removed) socket.leave(queueRoom(id));
      socket.join(queues.map(queueRoom));
      // Their queues (or name) may be other now: the board shows them where they are.
      onlineAgents.changed();
      for (const number of [...socket.data.watching]) {
        const stillReadable = await findReadableTicket(db, agent, number).then(
          () => true,
          () => false,
        );
        if (!stillReadable) await presence.unwatch(socket, number);
      }
    }
  };

  io.use(async (socket, next) => {
    try {
      const auth = (socket.handshake.auth ?? {}) as HandshakeAuth;
      const result = await authenticateHandshake(db, socket.request, auth, options.authSecret);
      if (!result) return next(new Error("unauthorized"));
      credentials.set(socket, result.credential);
      socket.data = { agent: result.agent, queues: await readableQueueIds(db, result.agent), watching: [], composing: [] };
      next();
    } catch (error) {
      console.error("[realtime] handshake failed:", error instanceof Error ? error.message : error);
      next(new Error("unauthorized"));
    }
  });

  const answer = (ack: Ack | undefined, work: Promise<void>) =>
    work.then(
      () => ack?.({ ok: true }),
      (error: unknown) => ack?.({ ok: false, error: error instanceof DomainError ? error.code : "internal" }),
    );

  io.on("connection", (socket) => {
    const agentId = socket.data.agent.id;
    let sockets = socketsByAgent.get(agentId);
    if (!sockets) socketsByAgent.set(agentId, (sockets = new Set()));
    sockets.add(socket);

    socket.on("ticket:watch", (request, ack) => void answer(ack, presence.watch(socket, String(request?.number ?? ""))));
    socket.on("ticket:unwatch", (request, ack) => void answer(ack, presence.unwatch(socket, String(request?.number ?? ""))));
    socket.on("presence:composing", (request, ack) => void answer(ack, presence.setComposing(socket, String(request?.number ?? ""), request?.composing === true)));
    socket.on("board:watch", (_request, ack) => void answer(ack, onlineAgents.watch(socket)));
    socket.on("board:unwatch", (_request, ack) => void answer(ack, onlineAgents.unwatch(socket)));
    socket.on("disconnect", () => {
      sockets.delete(socket);
      if (sockets.size === 0) socketsByAgent.delete(agentId);
      if (!stopping) presence.forget(socket.data.watching).catch(logPresenceFailure);
      onlineAgents.changed();
    });
    onlineAgents.changed();

    const lastEventId = (socket.handshake.auth as HandshakeAuth).lastEventId;
    void queue.push(() => attach(socket, typeof lastEventId === "number" ? lastEventId : lastEventId === undefined ? undefined : Number(lastEventId)));
  });

  await tailer.start(revalidate);

  return {
    io,
    async health() {
      const { listening, lastId } = tailer.status;
      const [pending] = await db.execute<{ created_at: Date }>(sql`select created_at from ticket_history where id > ${lastId} order by id limit 1`);
      const lagMs = pending ? Math.max(0, Date.now() - new Date(pending.created_at).getTime()) : 0;
      return { ok: listening && lagMs < MAX_LAG_MS, listening, lagMs };
    },
    async stop() {
      stopping = true;
      presence.stop();
      onlineAgents.stop();
      await tailer.stop();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      // The subscriber first: a request another instance sends until then is answered on the
      // publisher, which must still be open (the adapter leaves a failed answer unhandled).
      await redisSubscriber?.quit();
      await redis?.quit();
    },
  };
}
