import nodemailer from "nodemailer";

export interface OutgoingMail {
  raw: Buffer;
  from: string;
  to: string[];
}

export interface SendOptions {
  port: number;
  /** Senders working at once, each one message per connection. */
  concurrency: number;
  /** Told of every acknowledgement (250), with how many there have been. */
  onAcknowledged?: (count: number) => void;
  /** Told of every attempt's outcome, as counted in `SendReport.outcomes`. */
  onOutcome?: (outcome: string) => void;
  /** No single SMTP exchange may take longer: a server that hangs counts as `timeout`. */
  attemptTimeoutMs?: number;
  /** Gives up (rejects) when not everything is acknowledged by then. */
  deadlineMs?: number;
}

export interface SendReport {
  acknowledged: number;
  attempts: number;
  /** Every attempt's outcome: `250`, an SMTP reply code such as `451`, or a socket error code (`ECONNREFUSED`, `timeout`, …). */
  outcomes: Record<string, number>;
  /** The stored ids the server named in its 250s (`queued as N`). */
  queuedIds: number[];
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function outcomeOf(error: unknown): string {
  const { responseCode, code } = error as { responseCode?: number; code?: string };
  if (responseCode) return String(responseCode);
  if (code === "ETIMEDOUT" || code === "ETIMEOUT") return "timeout";
  return code ?? (error instanceof Error ? error.message : String(error));
}

/**
 * Delivers every message as a patient MTA does: `concurrency` senders, each taking the next
 * message and retrying it (backoff 50 ms doubling to 500 ms, with jitter) until the server
 * answers 250 — through refused connections, dropped connections and 4xx/5xx replies alike.
 */
export async function sendWithRetries(mails: OutgoingMail[], options: SendOptions): Promise<SendReport> {
  const report: SendReport = { acknowledged: 0, attempts: 0, outcomes: {}, queuedIds: [] };
  const deadline = Date.now() + (options.deadlineMs ?? 120_000);
  const timeout = options.attemptTimeoutMs ?? 15_000;
  const count = (outcome: string) => {
    report.outcomes[outcome] = (report.outcomes[outcome] ?? 0) + 1;
    options.onOutcome?.(outcome);
  };
  let next = 0;

  async function deliverOne(mail: OutgoingMail): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      if (Date.now() > deadline) throw new Error(`not acknowledged before the deadline; so far ${JSON.stringify(report)}`);
      report.attempts++;
      const transport = nodemailer.createTransport({
        host: "127.0.0.1",
        port: options.port,
        secure: false,
        ignoreTLS: true,
        connectionTimeout: timeout,
        greetingTimeout: timeout,
        socketTimeout: timeout,
      });
      try {
        const info = await transport.sendMail({ envelope: { from: mail.from, to: mail.to }, raw: mail.raw });
        count("250");
        const queued = /queued as (\d+)/.exec(info.response);
        if (queued) report.queuedIds.push(Number(queued[1]));
        options.onAcknowledged?.(++report.acknowledged);
        return;
      } catch (error) {
        count(outcomeOf(error));
      } finally {
        transport.close();
      }
      await pause(Math.min(500, 50 * 2 ** attempt) * (0.5 + Math.random()));
    }
  }

  async function sender(): Promise<void> {
    while (next < mails.length) await deliverOne(mails[next++]!);
  }

  await Promise.all(Array.from({ length: options.concurrency }, sender));
  return report;
}
