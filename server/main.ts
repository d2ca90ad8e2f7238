/**
 * Entry of the server process: the HTTP listener on REALTIME_PORT with its health check, and
 * the timed jobs; the realtime sidecar and the mail gateway join it here.
 */
import { closeDb, getDb } from "../db/client";
import { readConfig } from "./config";
import { startJobRunner } from "./jobs/job-runner";
import { createSidecarHttpServer } from "./realtime/http-server";

const config = readConfig();
const server = createSidecarHttpServer();
const jobs = startJobRunner(getDb());

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
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await closeDb();
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
