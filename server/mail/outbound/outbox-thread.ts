/**
 * The outbox worker's thread: building each message (nodemailer's MIME composer) and writing
 * or sending it never run on the event loop of the server process that also runs the realtime
 * sidecar. Its own database pool, and its own LISTEN for new outbox rows.
 */
import { parentPort, workerData } from "node:worker_threads";
import { connect } from "../../../db/client";
import { createMailTransport } from "./mail-transport";
import { startOutboxWorker } from "./outbox-worker";
import type { OutboxThreadData, OutboxThreadEvent, OutboxThreadRequest } from "./outbox-thread-protocol";

const { databaseUrl, smtpUrl, dataDir } = workerData as OutboxThreadData;
const parent = parentPort!;
const db = connect(databaseUrl, { max: 2, applicationName: "helpdesk-outbox" });
const transport = createMailTransport({ SMTP_URL: smtpUrl, HELPDESK_DATA_DIR: dataDir });
const worker = startOutboxWorker(db, transport);
parent.postMessage({ type: "started", description: transport.description } satisfies OutboxThreadEvent);

parent.on("message", async (request: OutboxThreadRequest) => {
  if (request.type !== "stop") return;
  await worker.stop();
  transport.close();
  await db.$client.end({ timeout: 5 });
  parent.close();
});
