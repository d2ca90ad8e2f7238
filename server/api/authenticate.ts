import { getDb } from "../../db/client";
import type { Actor } from "../auth/actor";
import { getApiTokenCache } from "../auth/api-token-cache";
import { authenticateApiToken } from "../auth/api-tokens";
import { auth } from "../auth/nextauth";
import { ForbiddenError, UnauthenticatedError } from "../errors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cross-site request forgery: a page on another site can make the browser send its cookie
 * with a POST, PATCH or DELETE. Browsers send `Origin` with every such request, so a request
 * authenticated by cookie that changes something must come from the helpdesk's own origin (the
 * host the request was sent to, as Next's server actions check it). Clients that are not
 * browsers send no Origin and are let through: they cannot ride a victim's cookie. Bearer
 * tokens are never sent by a browser on its own, so they need no check.
 */
export function assertSameOrigin(request: Request): void {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return;
  const fetchSite = request.headers.get("sec-fetch-site");
  if (fetchSite === "cross-site") throw new ForbiddenError("cross-site request refused");
  const origin = request.headers.get("origin");
  if (origin === null) return;
  const host = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || request.headers.get("host");
  let originHost: string | null;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = null;
  }
  if (!host || originHost !== host) throw new ForbiddenError("cross-site request refused: the Origin is not this helpdesk");
}

/**
 * The one check every /api/v1 handler uses: a bearer token when an Authorization header is
 * sent (a bad one is refused, never silently replaced by the cookie), else the session cookie —
 * which a request that changes something may use only from the helpdesk's own pages.
 */
export async function authenticateRequest(request: Request): Promise<Actor> {
  const header = request.headers.get("authorization");
  if (header !== null) {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
    if (!token) throw new UnauthenticatedError("the Authorization header must be `Bearer <token>`");
    const actor = await authenticateApiToken(getDb(), token, getApiTokenCache());
    if (!actor) throw new UnauthenticatedError("invalid or revoked API token");
    return actor;
  }
  assertSameOrigin(request);
  const session = await auth();
  if (!session?.agent) throw new UnauthenticatedError();
  return session.agent;
}
