import { ImapFlow, type ImapFlowError } from "imapflow";
import type { mailAccounts } from "../../../db/schema";

/** What it takes to reach and read a mailbox: a `mail_accounts` row has all of it. */
export type ImapAccount = Pick<typeof mailAccounts.$inferSelect, "host" | "port" | "tls" | "username" | "password" | "folder" | "afterFetch">;

export interface ImapTimeouts {
  /** DNS, TCP and TLS together. */
  connectMs?: number;
  greetingMs?: number;
  /** Silence on an open connection; long enough for one message's ingest between two commands. */
  socketMs?: number;
}

/** A mailbox could not be reached, logged into, opened or changed; the message says which, for the admin to act on. */
export class MailAccountError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MailAccountError";
  }
}

const TLS_CODES = /^(ERR_SSL_|ERR_TLS_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|UNABLE_TO_)/;

/** Turns what imapflow or the socket threw into a sentence naming the server, the user or the folder. */
export function describeImapError(error: unknown, account: ImapAccount): string {
  if (error instanceof MailAccountError) return error.message;
  if (!(error instanceof Error)) return String(error);
  const failure = error as ImapFlowError;
  const where = `${account.host}:${account.port}`;
  const said = failure.responseText ? `: ${failure.responseText}` : "";
  if (failure.authenticationFailed) return `login as ${account.username} on ${where} failed${said || ": wrong user name or password"}`;
  switch (failure.code) {
    case "ECONNREFUSED":
      return `cannot connect to ${where}: connection refused`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `cannot connect to ${where}: host ${account.host} not found`;
    case "CONNECT_TIMEOUT":
    case "GREETING_TIMEOUT":
    case "ETIMEDOUT":
    case "ETIMEOUT":
      return `no answer from ${where} in time (${failure.code})`;
    case "NoConnection":
    case "EConnectionClosed":
    case "ECONNRESET":
      return `the connection to ${where} was closed${said}`;
  }
  if (failure.tlsFailed || (failure.code && TLS_CODES.test(failure.code))) {
    return `TLS with ${where} failed: ${error.message}${account.tls ? "" : " (is the port one for IMAP over TLS?)"}`;
  }
  return `${where}: ${failure.responseText ?? error.message}`;
}

/**
 * Connects and logs in. TLS from the first byte when `tls` is set (port 993); otherwise plain
 * IMAP, upgraded with STARTTLS when the server offers it. IDLE is off: the poller reads and
 * leaves, and the pauses while a message is stored are no reason to start one.
 */
export async function connectImap(account: ImapAccount, options: { timeouts?: ImapTimeouts; maxMessageBytes?: number; signal?: AbortSignal } = {}): Promise<ImapFlow> {
  const timeouts = options.timeouts ?? {};
  // A server announcing a literal far over the size limit is refused rather than buffered.
  const maxLiteralSize = Math.max(options.maxMessageBytes ?? 0, 1024 * 1024) * 2;
  const client = new ImapFlow({
    host: account.host,
    port: account.port,
    secure: account.tls,
    auth: { user: account.username, pass: account.password },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: timeouts.connectMs ?? 30_000,
    greetingTimeout: timeouts.greetingMs ?? 15_000,
    socketTimeout: timeouts.socketMs ?? 5 * 60_000,
    maxLiteralSize,
    maxResponseSize: maxLiteralSize + 1024 * 1024,
  });
  // Without a listener an error event after connecting (a reset while idle) would crash the process; the pending command rejects anyway.
  client.on("error", () => {});
  // Stopping the server should not wait out the connect timeout of a host that does not answer.
  const onAbort = () => client.close();
  options.signal?.addEventListener("abort", onAbort);
  try {
    await client.connect();
  } catch (error) {
    client.close();
    throw new MailAccountError(describeImapError(error, account), { cause: error });
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
  }
  return client;
}

/** Selects the account's folder, read-write unless only looking. */
export async function openFolder(client: ImapFlow, account: ImapAccount, readOnly = false): Promise<{ exists: number }> {
  try {
    const mailbox = await client.mailboxOpen(account.folder, { readOnly });
    return { exists: mailbox.exists };
  } catch (error) {
    const reason = (error as ImapFlowError).responseText ?? (error instanceof Error ? error.message : String(error));
    throw new MailAccountError(`folder ${account.folder} on ${account.host} cannot be opened: ${reason}`, { cause: error });
  }
}

/** Logs out politely, or drops the connection when the server no longer answers. */
export async function disconnectImap(client: ImapFlow): Promise<void> {
  if (!client.usable) {
    client.close();
    return;
  }
  await client.logout().catch(() => client.close());
}
