import { getDb } from "../../db/client";
import type { Actor } from "../auth/actor";
import { authenticateApiToken } from "../auth/api-tokens";
import { auth } from "../auth/nextauth";
import { UnauthenticatedError } from "../errors";

/**
 * The one check every /api/v1 handler uses: a bearer token when an Authorization header is
 * sent (a bad one is refused, never silently replaced by the cookie), else the session cookie.
 */
export async function authenticateRequest(request: Request): Promise<Actor> {
  const header = request.headers.get("authorization");
  if (header !== null) {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
    if (!token) throw new UnauthenticatedError("the Authorization header must be `Bearer <token>`");
    const actor = await authenticateApiToken(getDb(), token);
    if (!actor) throw new UnauthenticatedError("invalid or revoked API token");
    return actor;
  }
  const session = await auth();
  if (!session?.agent) throw new UnauthenticatedError();
  return session.agent;
}
