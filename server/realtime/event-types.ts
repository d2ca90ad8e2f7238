/**
 * The realtime events of CONTRACT.md, typed for the sidecar and for the browser client.
 * Types only: the browser imports this file.
 */
import type { ArticleSummary, TicketField } from "../tickets/history";
import type { ApiTicket } from "../tickets/ticket-view";

export interface AgentRef {
  id: number;
  login: string;
  name: string;
}

/** What every event built from a `ticket_history` row carries; `eventId` is the row's id. */
export interface HistoryEvent {
  eventId: number;
  /** The history type, e.g. `Lock`, `SendAnswer`. */
  type: string;
  /** The history row's description, as the ticket's history shows it. */
  name: string;
  ticket: ApiTicket;
  actor: AgentRef | null;
  at: string;
}

export type TicketCreatedEvent = HistoryEvent;
export interface TicketUpdatedEvent extends HistoryEvent {
  changes: TicketField[];
}
export interface ArticleCreatedEvent extends HistoryEvent {
  article: ArticleSummary;
}
export interface NotificationEvent extends Omit<HistoryEvent, "ticket"> {
  /** The ticket it concerns; only its id and number when the agent may no longer read it. */
  ticket: ApiTicket | Pick<ApiTicket, "id" | "number">;
  notification: { id: number; kind: string; text: string };
}

export interface Viewer extends AgentRef {
  composing: boolean;
}

export interface PresenceEvent {
  type: "presence";
  number: string;
  viewers: Viewer[];
  at: string;
}

/** An agent with a connected socket, and which of the watcher's queues they may read. */
export interface OnlineAgent extends AgentRef {
  queues: number[];
}

/**
 * Who is connected, for the supervisor board: sent to a socket on `board:watch` and again to
 * every board watcher whenever an agent connects, disconnects or their queues change. Only
 * agents sharing a queue with the watcher are listed, with just the shared queues.
 */
export interface AgentsOnlineEvent {
  type: "agents:online";
  agents: OnlineAgent[];
  at: string;
}

export interface ServerToClientEvents {
  "ticket:created": (event: TicketCreatedEvent) => void;
  "ticket:updated": (event: TicketUpdatedEvent) => void;
  "article:created": (event: ArticleCreatedEvent) => void;
  notification: (event: NotificationEvent) => void;
  presence: (event: PresenceEvent) => void;
  "agents:online": (event: AgentsOnlineEvent) => void;
  resync: () => void;
}

export type Ack = (answer: { ok: true } | { ok: false; error: string }) => void;

export interface ClientToServerEvents {
  "ticket:watch": (request: { number: string }, ack?: Ack) => void;
  "ticket:unwatch": (request: { number: string }, ack?: Ack) => void;
  "presence:composing": (request: { number: string; composing: boolean }, ack?: Ack) => void;
  /** Joins the supervisor board: `agents:online` now and on every change, until `board:unwatch`. */
  "board:watch": (request: Record<string, never>, ack?: Ack) => void;
  "board:unwatch": (request: Record<string, never>, ack?: Ack) => void;
}

/** The handshake's `auth`: a token for API clients (browsers send their session cookie), and where to resume. */
export interface HandshakeAuth {
  token?: string;
  lastEventId?: number;
}
