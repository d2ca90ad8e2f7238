/**
 * The messages of the mail bench, as a customer's mail client would send them: plain text of
 * a given size, or text with a PDF-like binary attachment (base64, 76-character lines) making
 * the whole message a given size. Every message has its own Message-ID, subject and text, and
 * none names a ticket, so each one opens a new ticket.
 */
import { randomBytes } from "node:crypto";
import { vocabulary } from "./words";

export interface BenchMail {
  raw: Buffer;
  from: string;
  to: string[];
}

const CRLF = "\r\n";
const WORDS = vocabulary(2_000);
/** Customers write again: 500 addresses in turn, so most messages find their customer. */
const CUSTOMERS = 500;
const LINE = 72;
const BASE64_LINE = 76;

/** Words in lines of up to 72 characters, about `bytes` long, different for every `seed`. */
export function textOf(bytes: number, seed: number): string {
  const lines: string[] = [];
  let line = "";
  let size = 0;
  let state = (seed * 2_654_435_761) >>> 0 || 1;
  while (size + line.length < bytes) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    // Squaring the draw favours the frequent words at the head of the vocabulary.
    const word = WORDS[Math.floor((state / 2 ** 32) ** 2 * WORDS.length)]!;
    if (line.length + word.length + 1 > LINE) {
      lines.push(line);
      size += line.length + CRLF.length;
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines.join(CRLF);
}

function base64Lines(content: Buffer): string {
  const encoded = content.toString("base64");
  const lines: string[] = [];
  for (let start = 0; start < encoded.length; start += BASE64_LINE) lines.push(encoded.slice(start, start + BASE64_LINE));
  return lines.join(CRLF);
}

/** Bytes of base64 with CRLF line ends that `binary` bytes take. */
function encodedSize(binary: number): number {
  const chars = Math.ceil(binary / 3) * 4;
  return chars + Math.max(0, Math.ceil(chars / BASE64_LINE) - 1) * CRLF.length;
}

/** A binary that starts and ends as a PDF does and is random (incompressible) in between. */
export function pdfLike(bytes: number): Buffer {
  const head = Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1");
  const tail = Buffer.from("\n%%EOF\n", "latin1");
  return Buffer.concat([head, randomBytes(Math.max(0, bytes - head.length - tail.length)), tail]);
}

function sender(index: number): { address: string; header: string } {
  const number = index % CUSTOMERS;
  const address = `customer${number}@customers.example`;
  return { address, header: `Customer ${number} <${address}>` };
}

function headerLines(index: number, run: string, to: string, subject: string): string[] {
  return [
    `From: ${sender(index).header}`,
    `To: Support <${to}>`,
    `Subject: ${subject}`,
    `Date: ${new Date().toUTCString().replace("GMT", "+0000")}`,
    `Message-ID: <bench-${run}-${index}@customers.example>`,
    "MIME-Version: 1.0",
  ];
}

/** A text/plain message of about `bytes` bytes. */
export function plainMail(index: number, options: { to: string; run: string; bytes: number }): BenchMail {
  const head = [...headerLines(index, options.run, options.to, `Question ${index} about my order`), "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 7bit", "", ""].join(CRLF);
  const raw = Buffer.from(`${head}${textOf(options.bytes - head.length - CRLF.length, index)}${CRLF}`);
  return { raw, from: sender(index).address, to: [options.to] };
}

const TEXT_PART_BYTES = 2_048;

/**
 * Messages with one attachment, each about `bytes` long: a 2 KB text part and a PDF-like
 * binary. The binaries are drawn once (`variants` different ones, used in turn) and encoded
 * once, so building a message costs a copy and no base64.
 */
export class AttachmentMails {
  private readonly parts: Buffer[] = [];
  /** Bytes of the attachment before encoding. */
  readonly attachmentBytes: number;

  constructor(
    private readonly options: { to: string; run: string; bytes: number },
    variants = 16,
  ) {
    const overhead = this.build(0, Buffer.alloc(0)).length;
    // The largest binary whose encoding fits in what the rest of the message leaves.
    let binary = Math.floor(((options.bytes - overhead) * 3) / 4);
    while (binary > 0 && encodedSize(binary) > options.bytes - overhead) binary--;
    this.attachmentBytes = binary;
    for (let variant = 0; variant < variants; variant++) this.parts.push(Buffer.from(base64Lines(pdfLike(binary))));
  }

  private build(index: number, encoded: Buffer): Buffer {
    const boundary = `----=_bench_${this.options.run}_${index}`;
    const head = [
      ...headerLines(index, this.options.run, this.options.to, `Invoice ${index}: the attached document is wrong`),
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      "",
      `--${boundary}`,
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: 7bit",
      "",
      textOf(TEXT_PART_BYTES, index + 1_000_000),
      `--${boundary}`,
      `Content-Type: application/pdf; name="invoice-${index}.pdf"`,
      `Content-Disposition: attachment; filename="invoice-${index}.pdf"`,
      "Content-Transfer-Encoding: base64",
      "",
      "",
    ].join(CRLF);
    return Buffer.concat([Buffer.from(head), encoded, Buffer.from(`${CRLF}--${boundary}--${CRLF}`)]);
  }

  mail(index: number): BenchMail {
    return { raw: this.build(index, this.parts[index % this.parts.length]!), from: sender(index).address, to: [this.options.to] };
  }
}
