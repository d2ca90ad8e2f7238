import { readConfig } from "../config";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Where a browser reaches the sidecar: REALTIME_PUBLIC_URL behind a proxy, else the host the
 * page was served from, on REALTIME_PORT.
 */
export function realtimeUrl(requestHost: string | null, protocol = "http:"): string {
  const config = readConfig();
  if (config.REALTIME_PUBLIC_URL) return config.REALTIME_PUBLIC_URL.replace(/\/$/, "");
  const host = requestHost ?? new URL(config.PUBLIC_URL).host;
  const hostname = host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.split(":")[0]!;
  return `${protocol}//${hostname}:${config.REALTIME_PORT}`;
}

/**
 * The origins whose pages may open a socket: PUBLIC_URL's. On a loopback address the other
 * loopback names of the same port count as the same site, so that http://127.0.0.1:3000 works
 * where PUBLIC_URL says localhost.
 */
export function allowedOrigins(publicUrl: string): string[] {
  const url = new URL(publicUrl);
  if (!LOOPBACK.has(url.hostname)) return [url.origin];
  return [...LOOPBACK].map((hostname) => `${url.protocol}//${hostname}${url.port ? `:${url.port}` : ""}`);
}
