import type { Attachment, StructuredHeader } from "mailparser";
import type { MailAddress } from "./incoming-mail";
import { messageIdList, normaliseMessageId } from "./mail-headers";

const DAEMON = /^(mailer-daemon|postmaster|mail-daemon|mailerdaemon)@/i;

// Subjects of the common MTAs' (Postfix, Exim, Sendmail, qmail, Exchange, Gmail) bounces.
// From a daemon alone is not enough: postmasters also send ordinary mail.
const BOUNCE_SUBJECT =
  /undeliver|returned mail|returned to sender|delivery (status notification|failure|has failed|failed)|mail delivery (failed|failure|subsystem)|failure notice|could not be delivered|non[- ]?delivery|delivery problem/i;

// The part of a report that carries the original: the whole message or only its header.
const ORIGINAL_TYPES = new Set(["message/rfc822", "text/rfc822-headers", "message/rfc822-headers", "message/global", "message/global-headers"]);

export interface BounceInput {
  contentType: StructuredHeader | null;
  from: MailAddress | null;
  subject: string;
  text: string;
  attachments: Attachment[];
  inReplyTo: string | null;
  references: string[];
}

export function isBounce(input: BounceInput): boolean {
  const type = input.contentType;
  if (type?.value.toLowerCase() === "multipart/report" && (type.params["report-type"] ?? "").toLowerCase() === "delivery-status") {
    return true;
  }
  return input.from !== null && DAEMON.test(input.from.address) && BOUNCE_SUBJECT.test(input.subject);
}

/** The Message-ID lines of a header block (what precedes the first empty line), unfolded. */
function messageIdsInHeaderBlock(block: string): string[] {
  const head = block.split(/\r?\n\r?\n/, 1)[0] ?? "";
  const ids: string[] = [];
  for (const line of head.replace(/\r?\n(?=[ \t])/g, "").split(/\r?\n/)) {
    const match = /^message-id\s*:(.*)$/i.exec(line);
    const id = normaliseMessageId(match?.[1]);
    if (id && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

/**
 * The Message-IDs of the message that bounced: from the report's copy of it first, then from
 * a copy quoted in the text (qmail and many Exchange bounces have no separate part), and last
 * from the bounce's own threading headers, which some MTAs set to the original.
 */
export function originalMessageIds(input: BounceInput): string[] {
  const fromParts: string[] = [];
  for (const attachment of input.attachments) {
    if (!ORIGINAL_TYPES.has(attachment.contentType.toLowerCase())) continue;
    // Only the header block matters: decode no more than a generous header's worth.
    const head = attachment.content.subarray(0, 256 * 1024).toString("latin1");
    for (const id of messageIdsInHeaderBlock(head)) if (!fromParts.includes(id)) fromParts.push(id);
  }
  if (fromParts.length > 0) return fromParts;

  const quoted: string[] = [];
  for (const match of input.text.matchAll(/^[ \t>]*message-id\s*:\s*(<[^<>\s]+>)/gim)) {
    const id = normaliseMessageId(match[1]);
    if (id && !quoted.includes(id)) quoted.push(id);
  }
  if (quoted.length > 0) return quoted;

  return messageIdList([input.inReplyTo ?? "", ...input.references]);
}
