/**
 * Concurrent SMTP senders for the mail bench: nodemailer's SMTP client (`SMTPConnection`, what
 * its pooled transport runs on), each sender on its own connection, sending its messages one
 * after another on it — or, with `connectionPerMessage`, a new connection for each message.
 * The accept latency of a message is the time from the client writing `DATA` to the server's
 * `250` after the message (taken from nodemailer's transaction log).
 *
 * The senders' sockets do not wait to fill a segment (TCP_NODELAY), as an MTA's do not (Postfix
 * sizes its segments to its writes for the same reason): nodemailer writes a message's end, the
 * `.` line, apart from the message, and with Nagle's algorithm that write waits for the
 * server's acknowledgement of the message, which the server's TCP delays by 40 ms because it has
 * nothing to answer yet. Each message then took ~46 ms from DATA to its last byte on the server,
 * against ~2 ms without: a stall of the client's own making, which set the pace of the whole run.
 */
import { Socket } from "node:net";
import { Readable } from "node:stream";
import SMTPConnection from "nodemailer/lib/smtp-connection";
import type { BenchMail } from "./mail-messages";

export interface SendOptions {
  port: number;
  concurrency: number;
  connectionPerMessage: boolean;
  /** No single exchange may take longer. */
  timeoutMs?: number;
}

export interface SendResult {
  /** DATA → 250 of every accepted message, ms. */
  acceptMs: number[];
  /** When the first message began (after the connections were opened, for persistent ones); performance.now(). */
  startedAt: number;
  /** When the last 250 came. */
  lastAcceptedAt: number;
  /** Epoch ms (performance.timeOrigin based) of each message's DATA and 250, in the order they were accepted. */
  exchanges: { dataAt: number; acceptedAt: number }[];
  /** Messages tried again after a 4xx reply or a dropped connection. */
  retries: number;
  failures: string[];
}

const MAX_ATTEMPTS = 5;
const STREAM_CHUNK = 64 * 1024;
const epoch = () => performance.timeOrigin + performance.now();

class Sender {
  private connection: SMTPConnection | null = null;
  private dataAt = 0;

  constructor(private readonly options: SendOptions) {}

  async open(): Promise<void> {
    const timeout = this.options.timeoutMs ?? 120_000;
    const ignore = () => {};
    const logger = {
      level: ignore,
      trace: ignore,
      info: ignore,
      warn: ignore,
      error: ignore,
      fatal: ignore,
      debug: (entry: unknown, message: unknown) => {
        if (message === "DATA" && (entry as { tnx?: string } | null)?.tnx === "client") this.dataAt = epoch();
      },
    };
    const socket = new Socket();
    socket.setNoDelay(true);
    const connection = new SMTPConnection({
      socket,
      host: "127.0.0.1",
      port: this.options.port,
      secure: false,
      ignoreTLS: true,
      transactionLog: true,
      logger,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
    // Errors of a message reach its callback; these are the connection's (reported there too).
    connection.on("error", ignore);
    await new Promise<void>((resolve, reject) => connection.connect((error) => (error ? reject(error) : resolve())));
    this.connection = connection;
  }

  /** Sends one message; resolves with its DATA and 250 times (epoch ms) or rejects with the reply or socket error. */
  async send(mail: BenchMail): Promise<{ dataAt: number; acceptedAt: number }> {
    if (!this.connection) await this.open();
    const connection = this.connection!;
    this.dataAt = 0;
    // A large message is handed over in chunks, so this process's event loop stays free.
    const message = mail.raw.length > STREAM_CHUNK ? Readable.from(chunks(mail.raw)) : mail.raw;
    await new Promise<void>((resolve, reject) => {
      const onEnd = () => reject(Object.assign(new Error("the connection closed"), { code: "ECONNRESET" }));
      connection.once("end", onEnd);
      connection.send({ from: mail.from, to: mail.to }, message, (error) => {
        connection.off("end", onEnd);
        if (error) reject(error);
        else resolve();
      });
    });
    return { dataAt: this.dataAt, acceptedAt: epoch() };
  }

  close(): void {
    this.connection?.quit();
    this.connection = null;
  }

  /** After a failure the connection's state is unknown: drop it. */
  discard(): void {
    this.connection?.close();
    this.connection = null;
  }
}

function* chunks(raw: Buffer): Generator<Buffer> {
  for (let start = 0; start < raw.length; start += STREAM_CHUNK) yield raw.subarray(start, start + STREAM_CHUNK);
}

/** A reply the sender should try again later: 4xx, or no reply at all (a dropped or refused connection). */
function temporary(error: unknown): boolean {
  const { responseCode } = error as { responseCode?: number };
  return responseCode === undefined || (responseCode >= 400 && responseCode < 500);
}

function describe(error: unknown): string {
  const { responseCode, code, response } = error as { responseCode?: number; code?: string; response?: string };
  return response ?? `${responseCode ?? code ?? ""} ${error instanceof Error ? error.message : String(error)}`.trim();
}

/**
 * Sends `count` messages (`mailOf(0)` … `mailOf(count - 1)`) with `concurrency` senders that
 * each take the next message when they are done with one.
 */
export async function sendAll(count: number, mailOf: (index: number) => BenchMail, options: SendOptions): Promise<SendResult> {
  const senders = Array.from({ length: Math.min(options.concurrency, count) }, () => new Sender(options));
  if (!options.connectionPerMessage) await Promise.all(senders.map((sender) => sender.open()));
  const result: SendResult = { acceptMs: [], startedAt: performance.now(), lastAcceptedAt: 0, exchanges: [], retries: 0, failures: [] };
  let next = 0;

  const run = async (sender: Sender) => {
    while (next < count) {
      const mail = mailOf(next++);
      for (let attempt = 1; ; attempt++) {
        try {
          const exchange = await sender.send(mail);
          result.lastAcceptedAt = performance.now();
          result.acceptMs.push(exchange.acceptedAt - exchange.dataAt);
          result.exchanges.push(exchange);
          if (options.connectionPerMessage) sender.close();
          break;
        } catch (error) {
          sender.discard();
          if (!temporary(error) || attempt === MAX_ATTEMPTS) {
            result.failures.push(describe(error));
            break;
          }
          result.retries++;
          await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
        }
      }
    }
    sender.close();
  };
  await Promise.all(senders.map(run));
  return result;
}
