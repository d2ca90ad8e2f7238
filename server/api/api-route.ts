import type { Actor } from "../auth/actor";
import { authenticateRequest } from "./authenticate";
import { errorResponse } from "./error-response";

export interface ApiRequest<Params> {
  request: Request;
  actor: Actor;
  params: Params;
}

/**
 * Wraps an /api/v1 route handler: authenticates first (so 401 comes before anything else),
 * then maps whatever the handler throws to CONTRACT.md's error answers.
 */
export function apiRoute<Params = Record<string, never>>(handler: (input: ApiRequest<Params>) => Promise<Response>) {
  return async (request: Request, context: { params: Promise<Params> }): Promise<Response> => {
    try {
      const actor = await authenticateRequest(request);
      return await handler({ request, actor, params: await context.params });
    } catch (error) {
      return errorResponse(error);
    }
  };
}
