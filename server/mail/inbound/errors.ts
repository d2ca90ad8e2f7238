/**
 * Why a raw message could not become an `IncomingMail`. Both are permanent: retrying the same
 * bytes gives the same answer, so the gateway keeps the message as failed with this reason
 * instead of asking the sender to retry.
 */
export abstract class InboundMessageError extends Error {
  abstract readonly code: string;
}

/** Over one of the parse limits (whole message, attachment count, one attachment, MIME parts). */
export class MessageTooLargeError extends InboundMessageError {
  readonly code = "message_too_large";
  constructor(message: string) {
    super(message);
    this.name = "MessageTooLargeError";
  }
}

/** Not a message at all (empty input), or bytes the MIME parser gave up on. */
export class MalformedMessageError extends InboundMessageError {
  readonly code = "malformed_message";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MalformedMessageError";
  }
}
