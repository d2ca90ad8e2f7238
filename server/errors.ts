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

export interface LockOwner {
  id: number;
  login: string;
  name: string;
}

/** Another agent holds the ticket's lock; `owner` says who, so that the refusal can name them. */
export class TicketLockedError extends DomainError {
  readonly code = "locked";
  constructor(
    readonly owner: LockOwner,
    message = `the ticket is locked by ${owner.name} (${owner.login})`,
  ) {
    super(message);
    this.name = "TicketLockedError";
  }
}

/** The edit was made against an older `version`; `ticket` is the ticket as it is now. */
export class VersionConflictError extends DomainError {
  readonly code = "conflict";
  constructor(
    readonly ticket: unknown,
    message = "the ticket was changed in the meantime: reload it and try again",
  ) {
    super(message);
    this.name = "VersionConflictError";
  }
}

export class TooLargeError extends DomainError {
  readonly code = "too_large";
  constructor(message: string) {
    super(message);
    this.name = "TooLargeError";
  }
}
