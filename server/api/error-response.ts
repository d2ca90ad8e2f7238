import { isConnectionError } from "../../db/errors";
import { DomainError, ForbiddenError, InvalidInputError, NotFoundError, TicketLockedError, TooLargeError, UnauthenticatedError, VersionConflictError } from "../errors";

type ErrorConstructor = abstract new (...args: never[]) => DomainError;

/** CONTRACT.md's status for each domain error; the body always carries the error's `code`. */
const STATUS = new Map<ErrorConstructor, number>([
  [UnauthenticatedError, 401],
  [TooLargeError, 413],
  [InvalidInputError, 400],
  [NotFoundError, 404],
  [ForbiddenError, 403],
  [TicketLockedError, 409],
  [VersionConflictError, 409],
]);

export function jsonError(status: number, code: string, message: string, extra: Record<string, unknown> = {}, topLevel: Record<string, unknown> = {}): Response {
  return Response.json({ error: { code, message, ...extra }, ...topLevel }, { status });
}

/** Maps any error a handler let through to the API's error shape; never leaks internals. */
export function errorResponse(error: unknown): Response {
  if (error instanceof DomainError) {
    const status = [...STATUS].find(([type]) => error instanceof type)?.[1] ?? 400;
    // CONTRACT.md: "the body has `owner`" / "the current `ticket`": beside the error, and in it.
    if (error instanceof TicketLockedError) return jsonError(status, error.code, error.message, { owner: error.owner }, { owner: error.owner });
    if (error instanceof VersionConflictError) return jsonError(status, error.code, error.message, { ticket: error.ticket }, { ticket: error.ticket });
    if (error instanceof InvalidInputError) return jsonError(status, error.code, error.message, { field: error.field });
    return jsonError(status, error.code, error.message);
  }
  if (isConnectionError(error)) return jsonError(503, "unavailable", "the database is unreachable; try again shortly");
  console.error("[api] unexpected error", error);
  return jsonError(500, "internal", "internal error");
}
