import { isConnectionError } from "../../db/errors";
import { DomainError, ForbiddenError, InvalidInputError, NotFoundError, UnauthenticatedError } from "../errors";

type ErrorConstructor = abstract new (...args: never[]) => DomainError;

/** CONTRACT.md's status for each domain error; the body always carries the error's `code`. */
const STATUS = new Map<ErrorConstructor, number>([
  [UnauthenticatedError, 401],
  [InvalidInputError, 400],
  [NotFoundError, 404],
  [ForbiddenError, 403],
]);

export function jsonError(status: number, code: string, message: string, extra: Record<string, unknown> = {}): Response {
  return Response.json({ error: { code, message, ...extra } }, { status });
}

/** Maps any error a handler let through to the API's error shape; never leaks internals. */
export function errorResponse(error: unknown): Response {
  if (error instanceof DomainError) {
    const status = [...STATUS].find(([type]) => error instanceof type)?.[1] ?? 400;
    return jsonError(status, error.code, error.message);
  }
  if (isConnectionError(error)) return jsonError(503, "unavailable", "the database is unreachable; try again shortly");
  console.error("[api] unexpected error", error);
  return jsonError(500, "internal", "internal error");
}
