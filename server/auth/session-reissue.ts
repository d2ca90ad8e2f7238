import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Carrying a browser session over a raised session_version (the agent changed their own
 * password or revoked one of their tokens, which ends every other session and socket). The
 * server asks next-auth to update the session with a new version and a proof: an HMAC under
 * AUTH_SECRET that only the server can make. A client can send next-auth's update endpoint
 * anything, but not a proof, so it can never move its session to a newer version by itself.
 */
export interface SessionReissue {
  sessionVersion: number;
  proof: string;
}

function secret(): string {
  const value = process.env.AUTH_SECRET;
  if (!value) throw new Error("AUTH_SECRET is not set");
  return value;
}

function sign(agentId: number, sessionVersion: number): string {
  return createHmac("sha256", secret()).update(`session-reissue:${agentId}:${sessionVersion}`).digest("base64url");
}

export function sessionReissue(agentId: number, sessionVersion: number): SessionReissue {
  return { sessionVersion, proof: sign(agentId, sessionVersion) };
}

/** The session version a session update may move to, or null when it carries no valid proof. */
export function verifiedReissue(agentId: number, update: unknown): number | null {
  if (typeof update !== "object" || update === null || !("reissue" in update)) return null;
  const reissue = (update as { reissue: unknown }).reissue;
  if (typeof reissue !== "object" || reissue === null) return null;
  const { sessionVersion, proof } = reissue as Partial<Record<keyof SessionReissue, unknown>>;
  if (!Number.isInteger(sessionVersion) || typeof proof !== "string") return null;
  const expected = Buffer.from(sign(agentId, sessionVersion as number));
  const given = Buffer.from(proof);
  return expected.length === given.length && timingSafeEqual(expected, given) ? (sessionVersion as number) : null;
}
