import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";
import { TemporaryMailError, type StoredMessage, type UploadTarget } from "./mail-worker-pool";
import { MAX_MESSAGE_BYTES } from "./store-inbound-message";

function smtpError(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

export interface InboundSmtpOptions<Stored extends StoredMessage> {
  /** Receives each message's bytes as they arrive and stores them. */
  uploads: UploadTarget<Stored>;
  /** Told of each stored message, e.g. to process it at once. */
  onStored?: (stored: Stored) => void;
}

/**
 * The inbound SMTP server: accepts mail for any address (routing decides the queue later),
 * streams each message to `uploads`, and answers `250` only once the raw message is
 * stored — `552` over 25 MB, `451` when it cannot be stored now (the sender retries).
 */
export function createInboundSmtpServer<Stored extends StoredMessage>(options: InboundSmtpOptions<Stored>): SMTPServer {
  const server = new SMTPServer({
    name: "helpdesk",
    banner: "Helpdesk inbound mail",
    size: MAX_MESSAGE_BYTES,
    // No TLS certificate is configured (the built-in one has expired) and no relaying is offered.
    disabledCommands: ["STARTTLS", "AUTH"],
    authOptional: true,
    logger: false,
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const upload = options.uploads.upload();
      stream.on("data", (chunk: Buffer) => upload.write(chunk));
      stream.on("error", () => upload.abort());
      stream.on("end", () => {
        if (stream.sizeExceeded) {
          upload.abort();
          callback(smtpError(552, `message exceeds the maximum size of ${MAX_MESSAGE_BYTES} bytes`));
          return;
        }
        const envelope = {
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address || null : null,
          rcptTo: session.envelope.rcptTo.map((recipient) => recipient.address.toLowerCase()),
        };
        upload.store("smtp", envelope).then(
          (stored) => {
            callback(null, `queued as ${stored.id}`);
            options.onStored?.(stored);
          },
          (error: unknown) => {
            console.error("[mail] storing an inbound message failed:", error instanceof Error ? error.message : error);
            callback(error instanceof TemporaryMailError ? smtpError(451, "temporarily unable to store the message, try again later") : smtpError(451, "local error in processing"));
          },
        );
      });
    },
  });
  // smtp-server emits one session's socket failure (a sender resetting mid-message, say) on the server: that
  // ends the session, never the server. Failures of the server itself (listening) reach the owner's listener on `server.server`.
  server.on("error", (error: Error & { remoteAddress?: string }) => {
    if (error.remoteAddress !== undefined) console.warn(`[mail] SMTP session from ${error.remoteAddress} ended: ${error.message}`);
    else console.error("[mail] SMTP server:", error.message);
  });
  return server;
}
