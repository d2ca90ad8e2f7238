import { Agent, request as httpRequest } from "node:http";

/** Keep-alive sockets shared by every request of the run, enough for the 50 lock contenders at once. */
const agent = new Agent({ keepAlive: true, maxSockets: 128, maxFreeSockets: 128 });

export interface HttpResult {
  status: number;
  body: string;
  /** From writing the request to the last byte of the answer. */
  ms: number;
}

export interface HttpClient {
  baseUrl: string;
  request(method: "GET" | "POST", path: string, token?: string, body?: unknown): Promise<HttpResult>;
}

export function httpClient(baseUrl: string): HttpClient {
  const base = new URL(baseUrl);
  return {
    baseUrl,
    request(method, path, token, body) {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const headers: Record<string, string | number> = {};
      if (token) headers.authorization = `Bearer ${token}`;
      if (payload !== undefined) {
        headers["content-type"] = "application/json";
        headers["content-length"] = Buffer.byteLength(payload);
      }
      return new Promise((resolve, reject) => {
        const started = performance.now();
        const req = httpRequest({ host: base.hostname, port: base.port, method, path, headers, agent }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), ms: performance.now() - started }));
          res.on("error", reject);
        });
        req.setTimeout(60_000, () => req.destroy(new Error(`${method} ${path}: no answer within 60 s`)));
        req.on("error", reject);
        req.end(payload);
      });
    },
  };
}

/** Closes the idle keep-alive sockets, so the process can exit. */
export function closeHttp(): void {
  agent.destroy();
}

/** Answers `/api/health` 200 within `timeoutMs`, or throws; `alive` stops the wait early when the server died. */
export async function waitForHealth(client: HttpClient, timeoutMs: number, alive: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (!alive()) throw new Error("the web server exited before it became healthy");
    try {
      const result = await client.request("GET", "/api/health");
      if (result.status === 200) return;
      last = `HTTP ${result.status}: ${result.body.slice(0, 200)}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the web server was not healthy within ${timeoutMs / 1000} s (${last})`);
}
