import { createHash, randomBytes } from "node:crypto";
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from "node:fs";
import path from "node:path";
import nodemailer from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import type { Config } from "../../config";

/** A message ready for the wire: exactly these bytes go out, to exactly this envelope. */
export interface RawMail {
  raw: Buffer;
  envelope: { from: string; to: string[] };
  messageId: string;
  /** The message's Date; the directory transport names its file after it, so a resend finds the same file. */
  date?: Date;
}

/** Recipients the relay refused while it accepted the message for others. */
export interface SendResult {
  rejected: string[];
}

export interface MailTransport {
  /** Resolves once the relay (or the disk) has taken the message; rejects when it has not. */
  send(mail: RawMail): Promise<SendResult | void>;
  /** Makes what `send` took durable, where that is left for last: called before a batch commits its messages as sent. */
  flush?(): Promise<void>;
  close(): void;
  /** For logs: where mail goes, without credentials. */
  readonly description: string;
}

export interface SmtpTimeouts {
  connectionTimeoutMs?: number;
  greetingTimeoutMs?: number;
  socketTimeoutMs?: number;
}

/**
 * Outbound mail through SMTP_URL, or into `$HELPDESK_DATA_DIR/outbox/` as `.eml` when no relay
 * is configured (development, demos, and sites that pick the files up themselves).
 */
export function createMailTransport(config: Pick<Config, "SMTP_URL" | "HELPDESK_DATA_DIR">, timeouts: SmtpTimeouts = {}): MailTransport {
  if (config.SMTP_URL) return smtpTransport(config.SMTP_URL, timeouts);
  return directoryTransport(path.resolve(config.HELPDESK_DATA_DIR, "outbox"));
}

function smtpTransport(url: string, timeouts: SmtpTimeouts): MailTransport {
  // nodemailer reads scheme, credentials and query options (`?requireTLS=true`, `?tls.servername=…`)
  // from the URL, which win over these defaults: smtps:// is implicit TLS, smtp:// upgrades with
  // STARTTLS whenever the relay offers it. Not pooled: a connection per message keeps a broken
  // connection from poisoning the next message, and the outbox is not a bulk mailer.
  const options: SMTPTransport.Options = {
    url,
    connectionTimeout: timeouts.connectionTimeoutMs ?? 30_000,
    greetingTimeout: timeouts.greetingTimeoutMs ?? 30_000,
    socketTimeout: timeouts.socketTimeoutMs ?? 60_000,
    dnsTimeout: 30_000,
  };
  const transporter = nodemailer.createTransport(options);
  return {
    description: describeUrl(url),
    async send(mail) {
      const info = await transporter.sendMail({ raw: mail.raw, envelope: mail.envelope, messageId: mail.messageId });
      return { rejected: info.rejected.map((address) => (typeof address === "string" ? address : address.address)) };
    },
    close: () => transporter.close(),
  };
}

function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return "smtp";
  }
}

/**
 * Each file written, flushed to disk and renamed into place by `send`; the renames made durable
 * by one flush of the directory per batch (`flush`), not one per message. The file calls are
 * synchronous: the server sends from the outbox's own thread (outbox-thread.ts), where blocking
 * costs nothing, while each asynchronous call is a hand-off to libuv's pool and back — ten
 * thread wake-ups per message on a machine whose cores the mail path keeps busy.
 */
function directoryTransport(directory: string): MailTransport {
  let created = false;
  let unsynced = false;
  return {
    description: directory,
    async send(mail) {
      if (!created) {
        mkdirSync(directory, { recursive: true });
        created = true;
      }
      writeAtomically(path.join(directory, emlFileName(mail)), mail.raw);
      unsynced = true;
    },
    async flush() {
      if (!unsynced) return;
      syncDirectory(directory);
      unsynced = false;
    },
    close() {},
  };
}

/** A rename is only durable once the directory entry is flushed. */
function syncDirectory(directory: string): void {
  const descriptor = openSync(directory, "r");
  try {
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}

/**
 * `<timestamp>-<message id>.eml`, both fixed for a message: sorted by time in a listing, and a
 * resend after a crash overwrites its earlier copy instead of adding a second one.
 */
export function emlFileName(mail: Pick<RawMail, "messageId" | "date">): string {
  const stamp = (mail.date ?? new Date(0)).toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  const bare = mail.messageId.replace(/^<|>$/g, "");
  let safe = bare.replace(/[^A-Za-z0-9._@+=-]/g, "_").slice(0, 180);
  // Two ids that differ only in replaced characters must not share a file.
  if (safe !== bare) safe += `-${createHash("sha256").update(bare).digest("hex").slice(0, 10)}`;
  return `${stamp}-${safe}.eml`;
}

/**
 * Write to a hidden temporary name beside the target, flush to disk, then rename: a reader sees
 * the whole file or none, and a crash leaves at most a stray `.tmp`, never a truncated `.eml`.
 * The rename is durable once the directory is synced (`syncDirectory`).
 */
function writeAtomically(target: string, content: Buffer): void {
  const directory = path.dirname(target);
  const temporary = path.join(directory, `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  const descriptor = openSync(temporary, "wx", 0o640);
  let open = true;
  try {
    for (let written = 0; written < content.length; ) written += writeSync(descriptor, content, written);
    fsyncSync(descriptor);
    open = false;
    closeSync(descriptor);
    renameSync(temporary, target);
  } catch (error) {
    // Closed at most once: a descriptor number closed twice may already belong to another file.
    if (open) closeSync(descriptor);
    try {
      unlinkSync(temporary);
    } catch {
      // Nothing to remove, or no longer removable: a stray `.tmp` is all that is left.
    }
    throw error;
  }
}
