import { createServer, connect as connectTcp, type AddressInfo } from "node:net";

export interface RecordingRelay {
  /** DATABASE_URL through the relay. */
  url: string;
  /** Every chunk the client wrote, as latin1 text. */
  written: string[];
  /**
   * Round trips: what the client wrote after an answer of the database, until the next answer. Only steady-state traffic counts one per trip:
   * postgres.js describes a statement it has not prepared on the connection before.
   */
  flights(): number;
  reset(): void;
  close(): void;
}

const GATHER_MS = 25;

/** A TCP relay in front of the database that keeps every chunk the client wrote to it. */
export async function recordingRelay(): Promise<RecordingRelay> {
  const target = new URL(process.env.DATABASE_URL!);
  const written: string[] = [];
  let flights = 0;
  let answered = true;
  const relay = createServer((client) => {
    const server = connectTcp(Number(target.port || 5432), target.hostname);
    // What the client writes within the window goes on together, as one flight: statements that
    // do not wait for each other, written in one tick or as the answers of one flight come in
    // (postgres.js writes a statement over 1 KB at once). A statement that waits for an answer
    // cannot join: the answer comes only after the window closed.
    let pending: Buffer[] = [];
    client.on("data", (chunk: Buffer) => {
      written.push(chunk.toString("latin1"));
      if (pending.length === 0) {
        setTimeout(() => {
          if (answered) flights++;
          answered = false;
          server.write(Buffer.concat(pending));
          pending = [];
        }, GATHER_MS);
      }
      pending.push(chunk);
    });
    server.on("data", (chunk: Buffer) => {
      answered = true;
      client.write(chunk);
    });
    for (const socket of [client, server]) socket.on("error", () => {});
    client.on("close", () => server.destroy());
    server.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
  const url = new URL(target);
  url.hostname = "127.0.0.1";
  url.port = String((relay.address() as AddressInfo).port);
  return {
    url: url.toString(),
    written,
    flights: () => flights,
    reset: () => {
      written.length = 0;
      flights = 0;
      answered = true;
    },
    close: () => relay.close(),
  };
}
