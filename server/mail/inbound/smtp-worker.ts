/**
 * The SMTP worker thread: runs the inbound SMTP server and stores each message itself, so
 * that receiving 25 MB (smtp-server's dot-unstuffing copies every chunk) and encoding it for
 * PostgreSQL never run on the event loop of the server process that also runs the realtime
 * sidecar. Tells its host (smtp-worker-host.ts) of each stored message; the mail workers
 * process it.
 */
import type { AddressInfo } from "node:net";
import { parentPort, workerData } from "node:worker_threads";
import { connect } from "../../../db/client";
import { inThreadUploads } from "./in-thread-uploads";
import { createInboundSmtpServer } from "./smtp-inbound-server";
import type { SmtpWorkerData, SmtpWorkerEvent, SmtpWorkerRequest } from "./smtp-worker-protocol";

const { databaseUrl, port, host } = workerData as SmtpWorkerData;
const parent = parentPort!;
const tell = (event: SmtpWorkerEvent) => parent.postMessage(event);
/** The bytes in an ArrayBuffer of their own, which can be transferred: a small Buffer may sit in Node's shared pool. */
const ownBytes = (raw: Buffer): Uint8Array<ArrayBuffer> =>
  raw.buffer instanceof ArrayBuffer && raw.byteOffset === 0 && raw.byteLength === raw.buffer.byteLength ? new Uint8Array(raw.buffer) : new Uint8Array(raw);
const db = connect(databaseUrl, { max: 2, applicationName: "helpdesk-smtp" });
const smtp = createInboundSmtpServer({
  uploads: inThreadUploads(db),
  onStored: ({ id, raw }) => {
    const bytes = ownBytes(raw);
    parent.postMessage({ type: "stored", id, raw: bytes } satisfies SmtpWorkerEvent, [bytes.buffer]);
  },
});

smtp.server.once("error", async (error: Error) => {
  if (smtp.server.listening) return;
  tell({ type: "listen-failed", error: error.message });
  await db.$client.end({ timeout: 1 });
  parent.close();
});
const listening = () => tell({ type: "listening", port: (smtp.server.address() as AddressInfo).port });
if (host) smtp.listen(port, host, listening);
else smtp.listen(port, listening);

parent.on("message", (request: SmtpWorkerRequest) => {
  if (request.type !== "close") return;
  smtp.close(async () => {
    await db.$client.end({ timeout: 5 });
    parent.close();
  });
});
