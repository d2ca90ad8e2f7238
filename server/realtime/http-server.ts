import { createServer, type Server } from "node:http";
import { checkDatabase } from "../health/check-database";

export interface HealthReport {
  ok: boolean;
  [detail: string]: unknown;
}

/**
 * The server process's HTTP listener on REALTIME_PORT, shared with Socket.IO: `GET /health`
 * answers 200 while the database answers and every part reports healthy, 503 otherwise.
 */
export function createSidecarHttpServer(parts: () => Promise<HealthReport>[] = () => []): Server {
  return createServer((request, response) => {
    if (request.method === "GET" && request.url === "/health") {
      void (async () => {
        const database = await checkDatabase();
        const reports = await Promise.all(parts().map((report) => report.catch((error: unknown) => ({ ok: false, error: String(error) }))));
        const ok = database && reports.every((report) => report.ok);
        response.writeHead(ok ? 200 : 503, { "content-type": "application/json", "cache-control": "no-store" });
        response.end(JSON.stringify({ status: ok ? "ok" : "unavailable", database: database ? "up" : "down", ...Object.assign({}, ...reports.map(({ ok: _ok, ...details }) => details)) }));
      })();
      return;
    }
    response.writeHead(404, { "content-type": "application/json" });
    response.end(JSON.stringify({ error: { code: "not_found", message: "not found" } }));
  });
}
