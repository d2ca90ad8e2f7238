import type { IncomingMessage } from "node:http";
import { getToken } from "next-auth/jwt";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { agents } from "../../db/schema";
import { authenticateApiToken } from "../auth/api-tokens";
import { findSessionAgent } from "../auth/session-agent";
import type { AgentRef, HandshakeAuth } from "./event-types";

/** How a socket proved who it is; kept to check again when the agent changes. */
export type Credential = { kind: "session"; sessionVersion: number } | { kind: "token"; token: string; sessionVersion: number };

export interface SocketAgent extends AgentRef {
  isAdmin: boolean;
}

const SECURE_COOKIE = "__Secure-authjs.session-token";

/**
 * The agent behind a handshake: an API token in `auth.token`, or the browser's next-auth
 * session cookie (it reaches this port because cookies ignore ports). Either way the agent
 * must be valid and the session_version current. Null means `unauthorized`.
 */
export async function authenticateHandshake(db: Db, request: IncomingMessage, auth: HandshakeAuth, secret: string): Promise<{ agent: SocketAgent; credential: Credential } | null> {
  if (typeof auth.token === "string") {
    const actor = await authenticateApiToken(db, auth.token);
    if (!actor) return null;
    const [row] = await db.select({ sessionVersion: agents.sessionVersion }).from(agents).where(eq(agents.id, actor.id));
    return { agent: actor, credential: { kind: "token", token: auth.token, sessionVersion: row!.sessionVersion } };
  }
  const cookie = request.headers.cookie ?? "";
  const jwt = await getToken({ req: { headers: { cookie } }, secret, secureCookie: cookie.includes(SECURE_COOKIE) });
  const id = Number(jwt?.sub);
  if (!jwt || !Number.isInteger(id) || typeof jwt.sv !== "number") return null;
  const agent = await findSessionAgent(db, id, jwt.sv, typeof jwt.sid === "string" ? jwt.sid : undefined);
  if (!agent) return null;
  return { agent: { id: agent.id, login: agent.login, name: agent.name, isAdmin: agent.isAdmin }, credential: { kind: "session", sessionVersion: agent.sessionVersion } };
}

/** Whether the credential still holds: the agent valid, the session version unchanged, a token unrevoked. */
export async function credentialStillValid(db: Db, agentId: number, credential: Credential): Promise<SocketAgent | null> {
  const agent = await findSessionAgent(db, agentId, credential.sessionVersion);
  if (!agent) return null;
  if (credential.kind === "token" && !(await authenticateApiToken(db, credential.token))) return null;
  return { id: agent.id, login: agent.login, name: agent.name, isAdmin: agent.isAdmin };
}

/**
 * CORS does not protect a WebSocket: a page on another site could open one with the agent's
 * cookie. Browsers always send Origin, so it must be the helpdesk's own; clients that are not
 * browsers send none and authenticate with a token.
 */
export function originAllowed(origin: string | undefined, allowedOrigins: readonly string[]): boolean {
  return origin === undefined || allowedOrigins.includes(origin);
}
