import { randomBytes } from "node:crypto";

/** `[Ticket#<number>] subject`: the tag that lets replies find their ticket, exactly once and first. */
export function taggedSubject(ticketNumber: string, subject: string): string {
  const untagged = subject.replaceAll(`[Ticket#${ticketNumber}]`, "").replace(/\s+/g, " ").trim();
  return `[Ticket#${ticketNumber}] ${untagged}`.trim();
}

/** Reply and forward prefixes in the languages mail clients commonly use (Re, Aw, Sv, Antw, Fwd, Wg…). */
const REPLY_PREFIX = /^\s*((re|aw|sv|vs|antw|rif|r|fw|fwd|wg|tr)(\[\d+\])?\s*:\s*)+/i;

/** A reply's subject: the original with exactly one `Re: ` — never `Re: Re: Re:`. */
export function replySubject(subject: string): string {
  return `Re: ${subject.replace(REPLY_PREFIX, "").trim()}`;
}

/** A Message-ID in the sender's domain, fixed when the message is queued so that a resend is recognisably the same. */
export function newMessageId(ticketNumber: string, fromAddress: string): string {
  const domain = fromAddress.split("@")[1] ?? "localhost";
  return `<${ticketNumber}.${randomBytes(8).toString("hex")}@${domain}>`;
}

/** `Name <address>`, quoting the name when it holds characters that RFC 5322 reserves. */
export function formatAddress(address: string, name?: string | null): string {
  if (!name) return address;
  const safe = /^[\w !#$%&'*+\-/=?^`{|}~.]*$/.test(name) ? name : `"${name.replace(/(["\\])/g, "\\$1")}"`;
  return `${safe} <${address}>`;
}
