import path from "node:path";
import type { Config } from "../config";

/** Where outbound mail goes, as an administrator may see it: the relay without its password, or the directory. */
export type OutboundSettings = { kind: "smtp"; url: string } | { kind: "directory"; directory: string };

/** SMTP_URL with any password replaced by `****` (and a `pass` query option too); an unreadable URL is not shown at all. */
export function maskSmtpUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "****";
    for (const key of [...parsed.searchParams.keys()]) if (/pass|secret|token/i.test(key)) parsed.searchParams.set(key, "****");
    return parsed.toString();
  } catch {
    return "(SMTP_URL is set but is not a valid URL)";
  }
}

/** The configured outbound path: SMTP_URL (masked), else the .eml directory under HELPDESK_DATA_DIR. */
export function describeOutbound(config: Pick<Config, "SMTP_URL" | "HELPDESK_DATA_DIR">): OutboundSettings {
  if (config.SMTP_URL) return { kind: "smtp", url: maskSmtpUrl(config.SMTP_URL) };
  return { kind: "directory", directory: path.resolve(config.HELPDESK_DATA_DIR, "outbox") };
}
