import type { Actor } from "../auth/actor";
import { ForbiddenError } from "../errors";
import { apiRoute, type ApiRequest } from "./api-route";

/** An /api/v1/admin route: authenticated as every API route, then refused (403) to anyone but administrators. */
export function adminRoute<Params = Record<string, never>>(handler: (input: ApiRequest<Params> & { actor: Actor }) => Promise<Response>) {
  return apiRoute<Params>(async (input) => {
    if (!input.actor.isAdmin) throw new ForbiddenError("administrators only");
    return handler(input);
  });
}
