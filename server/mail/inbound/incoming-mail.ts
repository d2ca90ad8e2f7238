/** An address as a message names it. */
export interface MailAddress {
  address: string;
  name: string | null;
}

export interface IncomingAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
  /** `cid:` of an inline part referenced from the HTML, without angle brackets. */
  contentId: string | null;
  inline: boolean;
}

/**
 * A received message, parsed and made safe: what the rest of the gateway works with. Header
 * values are decoded; `html` is already sanitised (no script, no event handlers, no remote
 * loads); addresses are lower-cased.
 */
export interface IncomingMail {
  messageId: string | null;
  inReplyTo: string | null;
  /** Message-IDs, oldest first, with angle brackets, as in the header. */
  references: string[];
  subject: string;
  from: MailAddress | null;
  replyTo: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  deliveredTo: string[];
  xOriginalTo: string[];
  date: Date | null;
  /** The plain text: the text part, or the HTML part turned into text. */
  text: string;
  html: string | null;
  attachments: IncomingAttachment[];
  /** Every header, names lower-cased, each value decoded to text; repeated headers keep every value. */
  headers: Record<string, string[]>;
  /** A delivery status notification (multipart/report, or from a mailer daemon). */
  bounce: { originalMessageIds: string[] } | null;
}
