/**
 * Entry of the server process: the realtime sidecar on REALTIME_PORT (with `GET /health`), the
 * mail gateway (inbound SMTP on SMTP_INBOUND_PORT in its own worker thread, IMAP polling, mail
 * worker threads that process what arrives; the outbox worker in its own thread) and the timed jobs.
 */
import { closeDb, getDb } from "../db/client";
import { readConfig } from "./config";
import { startJobRunner } from "./jobs/job-runner";
import { startImapPoller } from "./mail/inbound/imap-poller";
import { startInboundProcessor } from "./mail/inbound/inbound-processor";
import { MailWorkerPool } from "./mail/inbound/mail-worker-pool";
import { startSmtpWorker } from "./mail/inbound/smtp-worker-host";
import { startOutboxThread } from "./mail/outbound/outbox-thread-host";
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

const mailWorkers = new MailWorkerPool(config.DATABASE_URL);
const outbox = startOutboxThread({ databaseUrl: config.DATABASE_URL, smtpUrl: config.SMTP_URL, dataDir: config.HELPDESK_DATA_DIR }, (description) =>
  console.log(`[server] outbound mail goes to ${description}`),
);
const processMail = (id: number, raw?: Uint8Array<ArrayBuffer>) =>
  mailWorkers.process(id, raw).catch((error: unknown) => console.error(`[mail] message ${id} is kept and will be processed again:`, error instanceof Error ? error.message : error));
const inboundProcessor = startInboundProcessor(db, mailWorkers);
const imapPoller = startImapPoller(db, mailWorkers);

const exitOnListenError = (what: string, port: number) => (error: Error) => {
  console.error(`[server] cannot listen for ${what} on port ${port}: ${error.message}`);
  process.exit(1);
};
server.on("error", exitOnListenError("the realtime sidecar", config.REALTIME_PORT));
server.listen(config.REALTIME_PORT, () => console.log(`[server] realtime on port ${config.REALTIME_PORT}`));
const smtp = await startSmtpWorker({
  databaseUrl: config.DATABASE_URL,
  port: config.SMTP_INBOUND_PORT,
  onStored: (id, raw) => void processMail(id, raw),
  onExit: (code) => {
    // Senders retry what was not answered 250; the process ends as on any fatal error, for its supervisor to see.
    console.error(`[server] the inbound SMTP thread ended (${code}): stopping`);
    process.exit(1);
  },
}).catch(exitOnListenError("inbound SMTP", config.SMTP_INBOUND_PORT));
console.log(`[server] inbound SMTP on port ${smtp.port}`);

let stopping = false;
async function stop(signal: NodeJS.Signals) {
  if (stopping) return;
  stopping = true;
  console.log(`[server] ${signal}: stopping`);
  // No new mail first; what was accepted is stored, and anything unprocessed is picked up on the next start.
  await smtp.close();
  server.closeAllConnections();
  await imapPoller.stop();
  await inboundProcessor.stop();
  await jobs.stop();
  await outbox.stop();
  await mailWorkers.close();
  // Closes the HTTP server too.
  await sidecar.stop();
  await closeDb();
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
