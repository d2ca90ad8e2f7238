/**
 * Typed domain errors. Domain code throws them; each edge (HTTP API, CLI, sidecar) maps them
 * once to its own answer, so the same refusal reads the same everywhere.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
}

export class UnauthenticatedError extends DomainError {
  readonly code = "unauthenticated";
  constructor(message = "missing or invalid credentials") {
    super(message);
    this.name = "UnauthenticatedError";
  }
}

/** Bad input; `field` names what was wrong so that the caller can point at it. */
export class InvalidInputError extends DomainError {
  readonly code = "invalid";
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = "InvalidInputError";
  }
}

/** The name, login or address is taken; a bad input too, but not a malformed request. */
export class AlreadyExistsError extends InvalidInputError {
  constructor(field: string, reason: string) {
    super(field, reason);
    this.name = "AlreadyExistsError";
  }
}

/** No such thing, or the caller may not read it: existence is never revealed. */
export class NotFoundError extends DomainError {
  readonly code = "not_found";
  constructor(what: string) {
    super(`${what} not found`);
    this.name = "NotFoundError";
  }
}

export class ForbiddenError extends DomainError {
  readonly code = "forbidden";
  constructor(message: string) {
    super(message);
    this.name = "ForbiddenError";
  }
}
