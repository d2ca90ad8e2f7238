import postgres from "postgres";

export interface Listener {
  /** The next payload on the channel, or a rejection after `timeoutMs`. */
  next(timeoutMs?: number): Promise<string>;
  /** Every payload received so far. */
  received: string[];
  close(): Promise<void>;
}

/** LISTENs on a channel of the test file's database, as a realtime sidecar would. */
export async function listen(channel: string): Promise<Listener> {
  const sql = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  const received: string[] = [];
  const waiting: ((payload: string) => void)[] = [];
  await sql.listen(channel, (payload) => {
    received.push(payload);
    waiting.shift()?.(payload);
  });
  let read = 0;
  return {
    received,
    next(timeoutMs = 5_000) {
      if (read < received.length) return Promise.resolve(received[read++]!);
      return new Promise((resolve, reject) => {
        const waiter = (payload: string) => {
          clearTimeout(timer);
          read++;
          resolve(payload);
        };
        const timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(waiter), 1);
          reject(new Error(`no NOTIFY on ${channel} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.push(waiter);
      });
    },
    close: () => sql.end({ timeout: 1 }),
  };
}
