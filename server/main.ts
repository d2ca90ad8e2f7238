/**
 * Entry of the server process: the realtime sidecar on REALTIME_PORT (with `GET /health`), the
 * mail gateway (inbound SMTP on SMTP_INBOUND_PORT and IMAP polling, both through mail worker
 * threads; the outbox worker) and the timed jobs.
 */
import { closeDb, getDb } from "../db/client";
import { readConfig } from "./config";
import { startJobRunner } from "./jobs/job-runner";
import { startImapPoller } from "./mail/inbound/imap-poller";
import { startInboundProcessor } from "./mail/inbound/inbound-processor";
import { MailWorkerPool } from "./mail/inbound/mail-worker-pool";
import { createInboundSmtpServer } from "./mail/inbound/smtp-inbound-server";
import { createMailTransport } from "./mail/outbound/mail-transport";
import { startOutboxWorker } from "./mail/outbound/outbox-worker";
import { createSidecarHttpServer } from "./realtime/http-server";
import { allowedOrigins } from "./realtime/public-url";
import { startRealtimeSidecar } from "./realtime/sidecar";

const config = readConfig();
if (!config.DATABASE_URL || !config.AUTH_SECRET) {
  console.error("[server] DATABASE_URL and AUTH_SECRET must be set: start the helpdesk with `npm start`, which sets both");
  process.exit(1);
}

// Health is only asked for once the server listens, after the sidecar has started.
const server = createSidecarHttpServer(() => [sidecar.health()]);
const db = getDb();
const sidecar = await startRealtimeSidecar(server, {
  db,
  databaseUrl: config.DATABASE_URL,
  authSecret: config.AUTH_SECRET,
  allowedOrigins: allowedOrigins(config.PUBLIC_URL),
  redisUrl: config.REDIS_URL,
});
const jobs = startJobRunner(db);
const mailTransport = createMailTransport(config);
const outboxWorker = startOutboxWorker(db, mailTransport);
console.log(`[server] outbound mail goes to ${mailTransport.description}`);

const mailWorkers = new MailWorkerPool(config.DATABASE_URL);
const processMail = (id: number) =>
  mailWorkers.process(id).catch((error: unknown) => console.error(`[mail] message ${id} is kept and will be processed again:`, error instanceof Error ? error.message : error));
const smtp = createInboundSmtpServer({ pool: mailWorkers, onStored: (id) => void processMail(id) });
const inboundProcessor = startInboundProcessor(db, mailWorkers);
const imapPoller = startImapPoller(db, mailWorkers);

const exitOnListenError = (what: string, port: number) => (error: Error) => {
  console.error(`[server] cannot listen for ${what} on port ${port}: ${error.message}`);
  process.exit(1);
};
server.on("error", exitOnListenError("the realtime sidecar", config.REALTIME_PORT));
server.listen(config.REALTIME_PORT, () => console.log(`[server] realtime on port ${config.REALTIME_PORT}`));
smtp.on("error", exitOnListenError("inbound SMTP", config.SMTP_INBOUND_PORT));
smtp.listen(config.SMTP_INBOUND_PORT, () => console.log(`[server] inbound SMTP on port ${config.SMTP_INBOUND_PORT}`));

let stopping = false;
async function stop(signal: NodeJS.Signals) {
  if (stopping) return;
  stopping = true;
  console.log(`[server] ${signal}: stopping`);
  // No new mail first; what was accepted is stored, and anything unprocessed is picked up on the next start.
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  server.closeAllConnections();
  await imapPoller.stop();
  await inboundProcessor.stop();
  await jobs.stop();
  await outboxWorker.stop();
  mailTransport.close();
  await mailWorkers.close();
  // Closes the HTTP server too.
  await sidecar.stop();
  await closeDb();
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
