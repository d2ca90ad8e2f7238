/**
 * Entry of the server process: for now the HTTP listener on REALTIME_PORT with its health
 * check; the realtime sidecar, mail gateway and timed jobs join it here.
 */
import { closeDb } from "../db/client";
import { readConfig } from "./config";
import { createSidecarHttpServer } from "./realtime/http-server";

const config = readConfig();
const server = createSidecarHttpServer();

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
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await closeDb();
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
