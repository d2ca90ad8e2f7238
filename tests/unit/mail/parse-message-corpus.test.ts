import { describe, expect, it } from "vitest";
import { MalformedMessageError } from "../../../server/mail/inbound/errors";
import type { IncomingMail, MailAddress } from "../../../server/mail/inbound/incoming-mail";
import { parseMessage } from "../../../server/mail/inbound/parse-message";
import { CORPUS_BOUNCES, corpusFiles, hasMailParserReading, MAIL_PARSER_EXCEPTIONS, mailParserReading, readCorpusFile as read, readingMismatches } from "../../support/mail-corpus";

/*
 * Real-world messages written by others (see the corpus README): every one must parse, and
 * where the Rust mail-parser left its reading beside a message, ours must agree with it.
 */
const FILES = corpusFiles();

/** Files that are not messages at all, which must be refused, each with why. None so far. */
const NOT_MESSAGES: Record<string, string> = {};

function expectWellFormed(mail: IncomingMail): void {
  expect(mail.text).not.toMatch(/[\r\u0000]/);
  if (mail.html !== null) {
    expect(mail.html).not.toMatch(/<\s*(script|style|iframe|object|embed|form|meta|link|base|svg)\b/i);
    expect(mail.html).not.toMatch(/\son\w+\s*=|javascript:|\ssrc\s*=\s*"(?!cid:)|url\s*\(/i);
  }
  const id = /^<[^<>\s]+>$/;
  for (const value of [mail.messageId, mail.inReplyTo, ...mail.references]) if (value !== null) expect(value).toMatch(id);
  const addresses = [mail.from, ...mail.to, ...mail.cc, ...mail.replyTo].filter((a): a is MailAddress => a !== null);
  for (const { address, name } of addresses) {
    expect(address).toBe(address.toLowerCase());
    expect(address).toMatch(/^[^\s@]+@[^\s@]+$/);
    expect(name).not.toBe("");
  }
  for (const name of Object.keys(mail.headers)) expect(name).toBe(name.toLowerCase());
  for (const attachment of mail.attachments) {
    expect(attachment.filename).toMatch(/^[^/\\\u0000-\u001f]+$/);
    expect(attachment.contentType).toBe(attachment.contentType.toLowerCase());
  }
}

describe("every corpus message", () => {
  it("is found", () => {
    expect(FILES.length).toBeGreaterThanOrEqual(150);
  });

  it.each(FILES)("%s parses", async (file) => {
    if (file in NOT_MESSAGES) {
      await expect(parseMessage(read(file))).rejects.toBeInstanceOf(MalformedMessageError);
      return;
    }
    expectWellFormed(await parseMessage(read(file)));
  });

  it("is a bounce exactly when it is a delivery report, with the original's Message-ID", async () => {
    const bounces: Record<string, string[]> = {};
    for (const file of FILES) {
      if (file in NOT_MESSAGES) continue;
      const mail = await parseMessage(read(file));
      if (mail.bounce) bounces[file] = mail.bounce.originalMessageIds;
    }
    expect(bounces).toEqual(CORPUS_BOUNCES);
  });
});

describe("agreement with mail-parser", () => {
  const withReadings = FILES.filter(hasMailParserReading);

  it("has readings beside the messages", () => {
    expect(withReadings.length).toBeGreaterThanOrEqual(50);
  });

  it("agrees on subject, From, To and text, as read and with CRLF line ends, but for the listed exceptions", async () => {
    const found = new Set<string>();
    for (const file of withReadings) {
      const raw = read(file);
      // mail-parser also read each message with CRLF line ends (x.crlf.json): so do we.
      const crlf = Buffer.from(raw.toString("latin1").replace(/\r?\n/g, "\r\n"), "latin1");
      for (const [bytes, suffix] of [[raw, ".json"], [crlf, ".crlf.json"]] as const) {
        const mail = await parseMessage(bytes);
        for (const m of readingMismatches(file, mailParserReading(file, suffix), mail)) found.add(m);
      }
    }
    expect([...found].sort()).toEqual(Object.keys(MAIL_PARSER_EXCEPTIONS).sort());
  });
});
