import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  raw: Buffer;
  /** The Message-ID header as sent, angle brackets included. */
  messageId: string | null;
}

export interface SmtpSink {
  port: number;
  /** `smtp://127.0.0.1:<port>`, with the credentials when the sink asks for them. */
  url: string;
  received: ReceivedMail[];
  /** While set, every RCPT TO (or, with `recipient`, that one) is refused with this reply. */
  reject: { code: number; message: string; recipient?: string } | null;
  /** Milliseconds to wait before answering the end of DATA: a slow relay. */
  delayMs: number;
  /** How many copies of each Message-ID arrived. */
  countByMessageId(): Map<string, number>;
  /** Resolves once `count` messages in all have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

/**
 * A real SMTP server on a free local port that keeps what it is given. Without TLS (smtp-server's
 * built-in certificate has expired): STARTTLS is off, so nodemailer does not try it.
 */
export async function startSmtpSink(options: { auth?: { user: string; pass: string } } = {}): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const sink: Omit<SmtpSink, "port" | "url"> = {
    received,
    reject: null,
    delayMs: 0,
    countByMessageId() {
      const counts = new Map<string, number>();
      for (const mail of received) if (mail.messageId) counts.set(mail.messageId, (counts.get(mail.messageId) ?? 0) + 1);
      return counts;
    },
    waitFor(count, timeoutMs = 10_000) {
      if (received.length >= count) return Promise.resolve(received);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${received.length} of ${count} messages arrived within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve(received);
          },
        });
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const { auth } = options;
  const server = new SMTPServer({
    disabledCommands: auth ? ["STARTTLS"] : ["STARTTLS", "AUTH"],
    authOptional: !auth,
    allowInsecureAuth: true,
    logger: false,
    // No DNS here: the reverse lookup of 127.0.0.1 only adds waiting.
    disableReverseLookup: true,
    onAuth(credentials, _session, callback) {
      if (auth && credentials.username === auth.user && credentials.password === auth.pass) callback(null, { user: credentials.username });
      else callback(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      const rule = sink.reject;
      if (rule && (!rule.recipient || rule.recipient === address.address)) callback(Object.assign(new Error(rule.message), { responseCode: rule.code }));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks);
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
        const mail = { envelope: { from, to: session.envelope.rcptTo.map((rcpt) => rcpt.address) }, raw, messageId: messageIdOf(raw) };
        setTimeout(() => {
          received.push(mail);
          for (const waiter of waiters.filter((w) => received.length >= w.count)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve();
          }
          callback();
        }, sink.delayMs);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  const credentials = auth ? `${encodeURIComponent(auth.user)}:${encodeURIComponent(auth.pass)}@` : "";
  return Object.assign(sink, { port, url: `smtp://${credentials}127.0.0.1:${port}` });
}

function messageIdOf(raw: Buffer): string | null {
  const header = raw.toString("latin1").split(/\r?\n\r?\n/, 1)[0] ?? "";
  return /^message-id:\s*(<[^>\r\n]+>)/im.exec(header)?.[1] ?? null;
}
