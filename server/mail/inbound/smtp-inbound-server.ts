import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";
import type { MailWorkerPool } from "./mail-worker-pool";
import { TemporaryMailError } from "./mail-worker-pool";
import { MAX_MESSAGE_BYTES } from "./store-inbound-message";

function smtpError(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

export interface InboundSmtpOptions {
  pool: MailWorkerPool;
  /** Told of each stored message, e.g. to process it at once. */
  onStored?: (id: number) => void;
}

/**
 * The inbound SMTP server: accepts mail for any address (routing decides the queue later),
 * streams each message into a mail worker, and answers `250` only once the raw message is
 * stored — `552` over 25 MB, `451` when it cannot be stored now (the sender retries).
 */
export function createInboundSmtpServer(options: InboundSmtpOptions): SMTPServer {
  return new SMTPServer({
    name: "helpdesk",
    banner: "Helpdesk inbound mail",
    size: MAX_MESSAGE_BYTES,
    // No TLS certificate is configured (the built-in one has expired) and no relaying is offered.
    disabledCommands: ["STARTTLS", "AUTH"],
    authOptional: true,
    logger: false,
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const upload = options.pool.upload();
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
          ({ id }) => {
            callback(null, `queued as ${id}`);
            options.onStored?.(id);
          },
          (error: unknown) => {
            console.error("[mail] storing an inbound message failed:", error instanceof Error ? error.message : error);
            callback(error instanceof TemporaryMailError ? smtpError(451, "temporarily unable to store the message, try again later") : smtpError(451, "local error in processing"));
          },
        );
      });
    },
  });
}
