import type { IncomingMail } from "./incoming-mail";

const ROBOT_SENDER = /^(mailer-daemon|postmaster|abuse|no-?reply|do-?not-?reply|bounces?)(\+[^@]*)?@/i;

function header(mail: IncomingMail, name: string): string[] {
  return mail.headers[name] ?? [];
}

/**
 * Why the helpdesk must not answer this message by itself, or null when it may. As OTRS: never
 * to automatic mail (Auto-Submitted other than `no`, Precedence bulk/list/junk, X-Loop,
 * X-No-Loop, mailing lists), never to mailer daemons and the like, never to the helpdesk's
 * own addresses, never to a bounce.
 */
export function autoResponseRefusal(mail: IncomingMail, systemAddresses: ReadonlySet<string>): string | null {
  if (mail.bounce) return "a delivery status notification";
  const autoSubmitted = header(mail, "auto-submitted").find((value) => !/^\s*no\s*(;|$)/i.test(value));
  if (autoSubmitted) return `Auto-Submitted: ${autoSubmitted}`;
  const precedence = header(mail, "precedence").find((value) => /^\s*(bulk|list|junk)/i.test(value));
  if (precedence) return `Precedence: ${precedence}`;
  if (header(mail, "x-loop").length > 0) return "X-Loop";
  if (header(mail, "x-no-loop").length > 0) return "X-No-Loop";
  if (header(mail, "list-id").length > 0 || header(mail, "mailing-list").length > 0) return "a mailing list";
  if (header(mail, "x-auto-response-suppress").some((value) => /\b(all|autoreply|oof)\b/i.test(value))) return "X-Auto-Response-Suppress";
  const senders = [mail.from?.address, ...mail.replyTo.map((address) => address.address)].filter((address): address is string => Boolean(address));
  const robot = senders.find((address) => ROBOT_SENDER.test(address));
  if (robot) return `sent by ${robot}`;
  const own = senders.find((address) => systemAddresses.has(address));
  if (own) return `sent from the helpdesk's own address ${own}`;
  return null;
}
