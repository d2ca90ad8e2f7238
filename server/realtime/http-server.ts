import { createServer, type Server } from "node:http";
import { checkDatabase } from "../health/check-database";

/**
 * The server process's HTTP listener on REALTIME_PORT: `GET /health` answers 200 while the
 * database answers, 503 otherwise. The realtime sidecar attaches to the same server.
 */
export function createSidecarHttpServer(): Server {
  return createServer((request, response) => {
    if (request.method === "GET" && request.url === "/health") {
      void checkDatabase().then((ok) => {
        response.writeHead(ok ? 200 : 503, { "content-type": "application/json", "cache-control": "no-store" });
        response.end(JSON.stringify({ status: ok ? "ok" : "unavailable", database: ok ? "up" : "down" }));
      });
      return;
    }
    response.writeHead(404, { "content-type": "application/json" });
    response.end(JSON.stringify({ error: { code: "not_found", message: "not found" } }));
  });
}
