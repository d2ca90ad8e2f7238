import { isIP } from "node:net";

/**
 * The client address of a request, for the sign-in throttle. Next.js hands neither route
 * handlers nor server actions the socket's address; its server fills `x-forwarded-for` with it
 * when the request carries none. So the last entry is what the nearest hop saw: the client's
 * own address when the helpdesk is reached directly, and the address a reverse proxy saw when
 * the proxy appends or sets the header (nginx: `proxy_set_header X-Forwarded-For
 * $proxy_add_x_forwarded_for` or `$remote_addr`). Without a proxy a client could send the
 * header itself and pick its address — so the per-address limit is only a second line behind
 * the per-login one, which does not depend on it. No usable address gives "unknown": all such
 * requests then share one budget.
 */
export function clientAddress(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for");
  const last = forwarded?.split(",").at(-1)?.trim() ?? "";
  const address = last.startsWith("::ffff:") ? last.slice("::ffff:".length) : last;
  return isIP(address) ? address : "unknown";
}
