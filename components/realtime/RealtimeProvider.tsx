"use client";

import { useRouter } from "next/navigation";
import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { connectRealtime, type RealtimeConnection } from "@/lib/realtime-client";
import { sidecarUrlFor } from "@/lib/sidecar-url";
import type { ServerToClientEvents } from "@/server/realtime/event-types";

export type LiveEventName = "ticket:created" | "ticket:updated" | "article:created" | "notification" | "presence" | "agents:online";
export type LiveEvent<Name extends LiveEventName> = Parameters<ServerToClientEvents[Name]>[0];
type Handler<Name extends LiveEventName> = (event: LiveEvent<Name>) => void;

export type ConnectionStatus = "connecting" | "live" | "offline";

export interface RealtimeApi {
  status: ConnectionStatus;
  /**
   * Calls `handler` for every event of `name`, first replaying the buffered ones after
   * `since` — the event id the page was rendered at — so that nothing between the render and
   * the subscription is lost.
   */
  subscribe<Name extends LiveEventName>(name: Name, handler: Handler<Name>, since?: number): () => void;
  watch(number: string): Promise<void>;
  unwatch(number: string): Promise<void>;
  setComposing(number: string, composing: boolean): Promise<void>;
  /** While watched, `agents:online` says who is connected (the supervisor board). */
  watchBoard(): Promise<void>;
  unwatchBoard(): Promise<void>;
}

const RealtimeContext = createContext<RealtimeApi | null>(null);

/** How many recent events are kept for pages that subscribe after they arrived. */
const BUFFER = 500;
const EVENTS: LiveEventName[] = ["ticket:created", "ticket:updated", "article:created", "notification", "presence", "agents:online"];
/** Not history: never replayed to a late subscriber, the next one says it all again. */
const UNBUFFERED = new Set<LiveEventName>(["presence", "agents:online"]);

/**
 * One socket to the sidecar for the whole workspace, resuming from the event id the layout
 * was rendered at. A `resync` (too far behind to catch up) reloads the page's data.
 */
export function RealtimeProvider({ url, lastEventId, children }: { url: string; lastEventId: number; children: ReactNode }) {
  const router = useRouter();
  const [status, setStatus] = useState<ConnectionStatus>("connecting");
  const connection = useRef<RealtimeConnection | null>(null);
  const handlers = useRef(new Map<LiveEventName, Set<(event: unknown) => void>>());
  const buffer = useRef<{ name: LiveEventName; event: { eventId?: number } }[]>([]);
  // What this page watches and composes on: a reconnect is a new socket, so it is said again.
  const watched = useRef(new Set<string>());
  const composing = useRef(new Set<string>());
  const boardWatched = useRef(false);

  useEffect(() => {
    const realtime = connectRealtime({ url: sidecarUrlFor(url, window.location), lastEventId, onResync: () => router.refresh() });
    connection.current = realtime;
    for (const name of EVENTS) {
      realtime.socket.on(name, (event: { eventId?: number }) => {
        if (!UNBUFFERED.has(name)) {
          buffer.current.push({ name, event });
          if (buffer.current.length > BUFFER) buffer.current.shift();
        }
        for (const handler of handlers.current.get(name) ?? []) handler(event);
      });
    }
    realtime.socket.on("connect", () => {
      setStatus("live");
      for (const number of watched.current) {
        void realtime.watch(number).then(() => (composing.current.has(number) ? realtime.setComposing(number, true) : undefined), () => undefined);
      }
      if (boardWatched.current) void realtime.watchBoard().catch(() => undefined);
    });
    realtime.socket.on("disconnect", () => setStatus("offline"));
    realtime.socket.on("connect_error", () => setStatus("offline"));
    return () => {
      realtime.close();
      connection.current = null;
    };
    // The connection lives as long as the workspace: a new render's lastEventId must not reconnect it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [url]);

  // Stable across renders: subscribers must not resubscribe (and replay) when the status changes.
  const [operations] = useState<Omit<RealtimeApi, "status">>(() => ({
    subscribe(name, handler, since) {
      const set = handlers.current.get(name) ?? new Set();
      handlers.current.set(name, set);
      const wrapped = handler as (event: unknown) => void;
      set.add(wrapped);
      if (since !== undefined) {
        for (const buffered of buffer.current) if (buffered.name === name && (buffered.event.eventId ?? 0) > since) wrapped(buffered.event);
      }
      return () => set.delete(wrapped);
    },
    async watch(number) {
      watched.current.add(number);
      if (connection.current?.socket.connected) await connection.current.watch(number);
    },
    async unwatch(number) {
      watched.current.delete(number);
      composing.current.delete(number);
      if (connection.current?.socket.connected) await connection.current.unwatch(number);
    },
    async setComposing(number, isComposing) {
      if (isComposing) composing.current.add(number);
      else composing.current.delete(number);
      if (connection.current?.socket.connected) await connection.current.setComposing(number, isComposing);
    },
    async watchBoard() {
      boardWatched.current = true;
      if (connection.current?.socket.connected) await connection.current.watchBoard();
    },
    async unwatchBoard() {
      boardWatched.current = false;
      if (connection.current?.socket.connected) await connection.current.unwatchBoard();
    },
  }));
  const api = useMemo<RealtimeApi>(() => ({ ...operations, status }), [operations, status]);

  return <RealtimeContext.Provider value={api}>{children}</RealtimeContext.Provider>;
}

export function useRealtime(): RealtimeApi {
  const api = useContext(RealtimeContext);
  if (!api) throw new Error("useRealtime needs a RealtimeProvider above it");
  return api;
}

/** Subscribes for the component's lifetime; the latest `handler` is always the one called. */
export function useLiveEvent<Name extends LiveEventName>(name: Name, handler: Handler<Name>, since?: number): void {
  const { subscribe } = useRealtime();
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => subscribe(name, (event) => latest.current(event), since), [subscribe, name, since]);
}
