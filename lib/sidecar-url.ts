const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/**
 * Where the browser opens its socket. The server derives the sidecar's address from the
 * request's Host, but a page rendered by Next's in-process redirect after a server action
 * (signing in, for one) sees Next's own origin — `localhost` — instead of the browser's. A
 * loopback address handed to a page served from another name is therefore never meant: the
 * page's own host (and scheme) is used, on the sidecar's port. Any other address, such as
 * REALTIME_PUBLIC_URL behind a proxy, is taken as given.
 */
export function sidecarUrlFor(url: string, page: { protocol: string; hostname: string }): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (!LOOPBACK.has(parsed.hostname) || parsed.hostname === page.hostname) return url;
  const hostname = page.hostname.includes(":") && !page.hostname.startsWith("[") ? `[${page.hostname}]` : page.hostname;
  return `${page.protocol}//${hostname}${parsed.port ? `:${parsed.port}` : ""}`;
}
