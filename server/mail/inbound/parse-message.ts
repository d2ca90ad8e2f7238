import { Readable } from "node:stream";
import { simpleParser, type Attachment, type HeaderValue, type ParsedMail, type StructuredHeader } from "mailparser";
import { isBounce, originalMessageIds } from "./bounce";
import { MalformedMessageError, MessageTooLargeError } from "./errors";
import { htmlToPlainText } from "./html-text";
import type { IncomingAttachment, IncomingMail } from "./incoming-mail";
import {
  firstText,
  headerRecord,
  messageIdList,
  normaliseMessageId,
  parseAddresses,
  parseDate,
  rawValues,
  readHeaderFields,
} from "./mail-headers";
import { sanitizeHtml } from "./sanitize-html";

export interface ParseLimits {
  /** The whole raw message; callers (SMTP, pipe, IMAP) refuse bigger ones before storing. */
  maxMessageBytes?: number;
  maxAttachments?: number;
  /** One decoded attachment. */
  maxAttachmentBytes?: number;
  /**
   * HTML longer than this is not run through html-to-text (slow, and superlinear on some
   * markup); such a message's text is the HTML with its tags stripped instead.
   */
  maxHtmlToTextLength?: number;
}

export const DEFAULT_PARSE_LIMITS: Required<ParseLimits> = {
  maxMessageBytes: 25 * 1024 * 1024,
  maxAttachments: 100,
  maxAttachmentBytes: 25 * 1024 * 1024,
  // html-to-text takes ~1 s per MB; stripping tags ~0.4 s.
  maxHtmlToTextLength: 1024 * 1024,
};

// Handed to the parser a slice at a time so that it yields to the event loop between slices:
// a 25 MB buffer written at once blocks it for >100 ms, 64 KB slices for ~10 ms each.
const CHUNK_BYTES = 64 * 1024;

function chunked(raw: Buffer): Readable {
  function* slices(): Generator<Buffer> {
    for (let offset = 0; offset < raw.length; offset += CHUNK_BYTES) yield raw.subarray(offset, offset + CHUNK_BYTES);
  }
  return Readable.from(slices(), { objectMode: false });
}

function isBlank(raw: Buffer): boolean {
  for (const byte of raw) if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d && byte !== 0x0a) return false;
  return true;
}

async function runParser(raw: Buffer, limits: Required<ParseLimits>): Promise<ParsedMail> {
  try {
    return await simpleParser(chunked(raw), {
      skipImageLinks: true,
      // Keep `cid:` links: the UI maps them to attachments, a data: URL would be dropped anyway.
      keepCidLinks: true,
      skipTextToHtml: true,
      skipHtmlToText: false,
      maxHtmlLengthToParse: limits.maxHtmlToTextLength,
      // Every attached message stays one attachment (as mail clients show it); parsing it
      // inline would mix its text and headers into the outer message's.
      ignoreEmbedded: true,
      // Nobody reads the checksums; hashing 25 MB of attachments is not free.
      checksumAlgo: false,
    });
  } catch (err) {
    if ((err as { code?: unknown }).code === "EMAXLEN") {
      throw new MessageTooLargeError(`message structure over the parser's limits: ${(err as Error).message}`);
    }
    throw new MalformedMessageError(`unparseable MIME: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

function isStructured(value: HeaderValue | undefined): value is StructuredHeader {
  return typeof value === "object" && value !== null && "value" in value && "params" in value && typeof value.value === "string";
}

// C0 controls other than tab and newline: NUL breaks PostgreSQL text, the rest is noise.
const TEXT_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

function normaliseText(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(TEXT_CONTROL, "");
}

function safeFilename(name: string | undefined, contentType: string): string {
  const fallback = contentType === "message/rfc822" ? "message.eml" : "attachment";
  const base = (name ?? "").split(/[/\\]/).pop() ?? "";
  const clean = base
    // Bidi overrides turn "invoice\u202Efdp.exe" into something that reads like a PDF.
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "")
    .trim()
    .slice(0, 255);
  return clean === "" || clean === "." || clean === ".." ? fallback : clean;
}

function toAttachment(attachment: Attachment): IncomingAttachment {
  const contentType = attachment.contentType.trim().toLowerCase() || "application/octet-stream";
  const contentId = (attachment.cid ?? "").trim() || null;
  return {
    filename: safeFilename(attachment.filename, contentType),
    contentType,
    content: attachment.content,
    contentId,
    inline: contentId !== null && (attachment.related === true || attachment.contentDisposition === "inline"),
  };
}

function checkAttachments(attachments: Attachment[], limits: Required<ParseLimits>): void {
  if (attachments.length > limits.maxAttachments) {
    throw new MessageTooLargeError(`${attachments.length} attachments, over the limit of ${limits.maxAttachments}`);
  }
  for (const attachment of attachments) {
    if (attachment.content.length > limits.maxAttachmentBytes) {
      throw new MessageTooLargeError(`an attachment of ${attachment.content.length} bytes, over the limit of ${limits.maxAttachmentBytes}`);
    }
  }
}

/**
 * Raw RFC 822 bytes to an `IncomingMail`, best effort: missing or broken headers, bad dates,
 * unknown charsets and broken MIME give empty or null fields, never an error. It throws only
 * `MessageTooLargeError` (over a limit) and `MalformedMessageError` (empty input, or bytes the
 * MIME parser itself gives up on).
 *
 * Streaming keeps the MIME split from blocking, but sanitising HTML is synchronous and costs
 * ~0.5–1 s per MB of markup: call it from a worker thread, as the gateway does.
 */
export async function parseMessage(raw: Buffer, limits: ParseLimits = {}): Promise<IncomingMail> {
  const max = { ...DEFAULT_PARSE_LIMITS, ...limits };
  if (raw.length > max.maxMessageBytes) {
    throw new MessageTooLargeError(`message of ${raw.length} bytes, over the limit of ${max.maxMessageBytes}`);
  }
  if (isBlank(raw)) throw new MalformedMessageError("empty message");

  const parsed = await runParser(raw, max);
  checkAttachments(parsed.attachments, max);

  const contentTypeHeader = parsed.headers.get("content-type");
  const contentType = isStructured(contentTypeHeader) ? contentTypeHeader : null;
  const fields = readHeaderFields(parsed.headerLines, contentType?.params.charset);
  const from = parseAddresses(rawValues(fields, "from"))[0] ?? null;
  // Folding leaves tabs and runs of blanks behind; a subject is shown on one line.
  const subject = (firstText(fields, "subject") ?? "").replace(/\s+/g, " ").trim();
  const inReplyTo = normaliseMessageId(firstText(fields, "in-reply-to"));
  const references = messageIdList(rawValues(fields, "references"));
  const unique = (addresses: { address: string }[]) => [...new Set(addresses.map((a) => a.address))];

  const rawHtml = typeof parsed.html === "string" ? parsed.html.replace(/\u0000/g, "") : null;
  let text = parsed.text ?? "";
  if (!/\S/.test(text) && rawHtml !== null) text = htmlToPlainText(rawHtml);
  text = normaliseText(text);

  const attachments = parsed.attachments.map(toAttachment);
  const bounceInput = {
    contentType,
    from,
    subject,
    text,
    attachments: parsed.attachments,
    inReplyTo,
    references,
  };

  return {
    messageId: normaliseMessageId(firstText(fields, "message-id")),
    inReplyTo,
    references,
    subject,
    from,
    replyTo: parseAddresses(rawValues(fields, "reply-to")),
    to: parseAddresses(rawValues(fields, "to")),
    cc: parseAddresses(rawValues(fields, "cc")),
    deliveredTo: unique(parseAddresses(rawValues(fields, "delivered-to"))),
    xOriginalTo: unique(parseAddresses(rawValues(fields, "x-original-to"))),
    date: parseDate(firstText(fields, "date")),
    text,
    html: rawHtml === null ? null : sanitizeHtml(rawHtml),
    attachments,
    headers: headerRecord(fields),
    bounce: isBounce(bounceInput) ? { originalMessageIds: originalMessageIds(bounceInput) } : null,
  };
}
