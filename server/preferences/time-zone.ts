import { z } from "zod";

/** The canonical name of an IANA time zone ("europe/berlin" → "Europe/Berlin"), or null when it is none. */
export function canonicalTimeZone(value: string): string | null {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(value)) return null;
  try {
    return new Intl.DateTimeFormat("en", { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** An IANA zone, canonicalised; empty or null means "the helpdesk's default" (HELPDESK_TIMEZONE). */
export const timeZoneInput = z
  .string()
  .trim()
  .max(64)
  .nullable()
  .transform((value, context) => {
    if (value === null || value === "") return null;
    const zone = canonicalTimeZone(value);
    if (zone === null) context.addIssue({ code: "custom", message: "an IANA time zone such as Europe/Berlin" });
    return zone;
  });
