/**
 * Entry of the server process: the realtime sidecar on REALTIME_PORT (with `GET /health`) and
 * the timed jobs; the mail gateway joins it here.
 */
import { closeDb, getDb } from "../db/client";
import { readConfig } from "./config";
import { startJobRunner } from "./jobs/job-runner";
import { createMailTransport } from "./mail/outbound/mail-transport";
import { startOutboxWorker } from "./mail/outbound/outbox-worker";
import { createSidecarHttpServer } from "./realtime/http-server";
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
  allowedOrigins: [new URL(config.PUBLIC_URL).origin],
  redisUrl: config.REDIS_URL,
});
const jobs = startJobRunner(db);
const mailTransport = createMailTransport(config);
const outboxWorker = startOutboxWorker(db, mailTransport);
console.log(`[server] outbound mail goes to ${mailTransport.description}`);

server.listen(config.REALTIME_PORT, () => {
  console.log(`[server] listening on port ${config.REALTIME_PORT}`);
});
server.on("error", (error) => {
  console.error(`[server] cannot listen on port ${config.REALTIME_PORT}: ${error.message}`);
  process.exit(1);
});

let stopping = false;
async function stop(signal: NodeJS.Signals) {
  if (stopping) return;
  stopping = true;
  console.log(`[server] ${signal}: stopping`);
  server.closeAllConnections();
  await jobs.stop();
  await outboxWorker.stop();
  mailTransport.close();
  // Closes the HTTP server too.
  await sidecar.stop();
  await closeDb();
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
