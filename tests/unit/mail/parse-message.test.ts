import { describe, expect, it } from "vitest";
import { MalformedMessageError, MessageTooLargeError } from "../../../server/mail/inbound/errors";
import { parseMessage } from "../../../server/mail/inbound/parse-message";

/** A message from header lines and a body, CRLF line ends as on the wire. */
function eml(headers: string[], body: string): Buffer {
  return Buffer.from(`${headers.join("\r\n")}\r\n\r\n${body.replace(/\r?\n/g, "\r\n")}`, "utf8");
}

function multipart(boundary: string, parts: string[]): string {
  return `--${boundary}\n${parts.join(`\n--${boundary}\n`)}\n--${boundary}--\n`;
}

describe("parseMessage: threading headers", () => {
  it("normalises Message-ID, In-Reply-To and References to <id>s, junk dropped, order kept", async () => {
    const mail = await parseMessage(
      eml(
        [
          "From: a@example.com",
          "Message-ID: abc.123@host.example",
          "In-Reply-To: <b@y.example> (Bob's message of Monday)",
          "References: <a@x.example> junk <b@y.example>",
          "\t<c@z.example><d@w.example> <a@x.example>",
          "Subject: threads",
        ],
        "body",
      ),
    );
    expect(mail.messageId).toBe("<abc.123@host.example>");
    expect(mail.inReplyTo).toBe("<b@y.example>");
    expect(mail.references).toEqual(["<a@x.example>", "<b@y.example>", "<c@z.example>", "<d@w.example>"]);
  });

  it("gives null and [] for missing or empty threading headers", async () => {
    const mail = await parseMessage(eml(["From: a@example.com", "In-Reply-To: ", "References: no ids here"], "x"));
    expect(mail.messageId).toBeNull();
    expect(mail.inReplyTo).toBeNull();
    expect(mail.references).toEqual([]);
  });
});

describe("parseMessage: addresses", () => {
  it("lower-cases addresses, keeps decoded names, flattens groups and drops invalid entries", async () => {
    const mail = await parseMessage(
      eml(
        [
          'From: "Bob Smith" <Bob.Smith@Example.COM>',
          "To: Team: Ann <ANN@x.example>, carl@X.example;, =?utf-8?q?M=C3=BCller=2C_Hans?= <HM@x.de>, not an address",
          "Cc: <>, dave@@broken, Eve <EVE@x.example>",
          "Reply-To: Support <Help@Example.com>",
        ],
        "x",
      ),
    );
    expect(mail.from).toEqual({ address: "bob.smith@example.com", name: "Bob Smith" });
    expect(mail.to).toEqual([
      { address: "ann@x.example", name: "Ann" },
      { address: "carl@x.example", name: null },
      { address: "hm@x.de", name: "Müller, Hans" },
    ]);
    expect(mail.cc).toEqual([{ address: "eve@x.example", name: "Eve" }]);
    expect(mail.replyTo).toEqual([{ address: "help@example.com", name: "Support" }]);
  });

  it("reads every Delivered-To and X-Original-To, lower-cased", async () => {
    const mail = await parseMessage(
      eml(
        ["Delivered-To: Support@Example.com", "Delivered-To: <alias@example.com>", "X-Original-To: Sales@Example.com", "From: a@b.example"],
        "x",
      ),
    );
    expect(mail.deliveredTo).toEqual(["support@example.com", "alias@example.com"]);
    expect(mail.xOriginalTo).toEqual(["sales@example.com"]);
  });
});

describe("parseMessage: headers, subject, date", () => {
  it("decodes the subject and every header, repeated ones kept in order", async () => {
    const mail = await parseMessage(
      eml(
        [
          "Received: from a by b",
          "Received: from c",
          "  by d",
          "Subject: =?utf-8?B?w5xiZXI=?= =?iso-8859-1?q?gr=F6=DFe?=",
          "  Dinge",
          "X-Custom: =?utf-8?q?caf=C3=A9?=",
          "__proto__: polluted?",
          "Date: Tue, 1 Jul 2025 10:00:00 +0200",
        ],
        "x",
      ),
    );
    expect(mail.subject).toBe("Übergröße Dinge");
    expect(mail.headers.received).toEqual(["from a by b", "from c  by d"]);
    expect(mail.headers["x-custom"]).toEqual(["café"]);
    expect(mail.headers.subject).toEqual(["Übergröße  Dinge"]);
    expect(Object.hasOwn(mail.headers, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(mail.date?.toISOString()).toBe("2025-07-01T08:00:00.000Z");
  });

  it("reads raw 8-bit headers as UTF-8, else in the body's charset", async () => {
    const utf8 = await parseMessage(Buffer.concat([Buffer.from("Subject: "), Buffer.from("Grüße", "utf8"), Buffer.from("\r\n\r\nx")]));
    expect(utf8.subject).toBe("Grüße");
    const latin1 = await parseMessage(
      Buffer.concat([Buffer.from("Subject: "), Buffer.from("Grüße", "latin1"), Buffer.from("\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\nx")]),
    );
    expect(latin1.subject).toBe("Grüße");
  });

  it("survives a message without headers, with a bad date and an unknown charset", async () => {
    const mail = await parseMessage(eml(["Date: sometime last week", "Content-Type: text/plain; charset=x-no-such-charset"], "hello"));
    expect(mail).toMatchObject({ subject: "", from: null, to: [], date: null, messageId: null, bounce: null, html: null });
    expect(mail.text).toContain("hello");
  });

  it("refuses an empty message", async () => {
    await expect(parseMessage(Buffer.alloc(0))).rejects.toBeInstanceOf(MalformedMessageError);
    await expect(parseMessage(Buffer.from("\r\n \r\n"))).rejects.toMatchObject({ code: "malformed_message" });
  });
});

describe("parseMessage: bodies", () => {
  it("normalises CRLF to LF and strips NUL bytes from the text", async () => {
    const mail = await parseMessage(Buffer.from("Subject: x\r\n\r\nline one\r\nline\u0000 two\r\n"));
    expect(mail.text).toBe("line one\nline two\n");
  });

  it("gives HTML-only mail a text, and sanitises its HTML", async () => {
    const mail = await parseMessage(
      eml(["Content-Type: text/html; charset=utf-8"], `<html><body><p>Hello <b>World</b></p><script>alert(1)</script><img src="http://t.example/p.gif"></body></html>`),
    );
    expect(mail.text).toContain("Hello World");
    expect(mail.text).not.toContain("alert");
    expect(mail.html).toContain("<p>Hello <b>World</b></p>");
    expect(mail.html).not.toContain("script");
    expect(mail.html).toContain('data-remote-src="http://t.example/p.gif"');
  });

  it("gives text to HTML inside multipart/related without a text part", async () => {
    const body = multipart("r", [
      `Content-Type: text/html; charset=utf-8\n\n<p>Only&nbsp;HTML &amp; an image</p><div><img src="cid:img1"></div>`,
      `Content-Type: image/png\nContent-ID: <img1>\nContent-Transfer-Encoding: base64\n\niVBORw0KGgo=`,
    ]);
    const mail = await parseMessage(eml(["Content-Type: multipart/related; boundary=r"], body));
    expect(mail.text).toBe("Only HTML & an image");
  });

  it("marks a cid image inline with its contentId and cleans attachment names", async () => {
    const body = multipart("m", [
      `Content-Type: multipart/related; boundary=r\n\n${multipart("r", [
        `Content-Type: text/html; charset=utf-8\n\n<p>Logo: <img src="cid:logo@x.example"></p>`,
        `Content-Type: image/PNG; name=logo.png\nContent-ID: <logo@x.example>\nContent-Disposition: inline; filename=logo.png\nContent-Transfer-Encoding: base64\n\niVBORw0KGgo=`,
      ])}`,
      `Content-Type: text/plain; name="x.txt"\nContent-Disposition: attachment; filename="../../etc/pass\u0007wd"\n\nsecret`,
      `Content-Type: application/octet-stream\nContent-Disposition: attachment; filename="invoice\u202efdp.exe"\n\nMZ`,
      `Content-Type: message/rfc822\n\nSubject: inner\n\ninner body`,
    ]);
    const mail = await parseMessage(eml(["Content-Type: multipart/mixed; boundary=m"], body));
    expect(mail.html).toContain('<img src="cid:logo@x.example" />');
    expect(mail.attachments.map(({ content: _content, ...a }) => a)).toEqual([
      { filename: "logo.png", contentType: "image/png", contentId: "logo@x.example", inline: true },
      { filename: "passwd", contentType: "text/plain", contentId: null, inline: false },
      { filename: "invoicefdp.exe", contentType: "application/octet-stream", contentId: null, inline: false },
      { filename: "message.eml", contentType: "message/rfc822", contentId: null, inline: false },
    ]);
    expect(mail.attachments[0]?.content.subarray(0, 4).toString("latin1")).toBe("\x89PNG");
    expect(mail.attachments[3]?.content.toString()).toContain("inner body");
    expect(mail.text).not.toContain("inner body");
  });
});

describe("parseMessage: bounces", () => {
  it("finds the original's Message-ID in the report's headers part", async () => {
    const body = multipart("b", [
      "Content-Type: text/plain\n\nDelivery failed.",
      "Content-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example\n\nFinal-Recipient: rfc822; gone@example.com\nAction: failed\nStatus: 5.1.1",
      "Content-Type: text/rfc822-headers\n\nFrom: support@helpdesk.example\nMessage-ID:\n <orig.1@helpdesk.example>\nSubject: [Ticket#1] hi",
    ]);
    const mail = await parseMessage(
      eml(["From: Mail Delivery System <MAILER-DAEMON@mx.example>", "Subject: whatever", "Content-Type: multipart/report; report-type=delivery-status; boundary=b"], body),
    );
    expect(mail.bounce).toEqual({ originalMessageIds: ["<orig.1@helpdesk.example>"] });
  });

  it("knows a daemon's bounce by its subject, the original quoted in the text or named in In-Reply-To", async () => {
    const quoted = await parseMessage(
      eml(["From: MAILER-DAEMON@mx.example", "Subject: failure notice"], "Sorry.\n--- Below this line is a copy of the message.\n\nMessage-ID: <orig.2@helpdesk.example>\n"),
    );
    expect(quoted.bounce).toEqual({ originalMessageIds: ["<orig.2@helpdesk.example>"] });
    const threaded = await parseMessage(
      eml(["From: postmaster@mx.example", "Subject: Undelivered Mail Returned to Sender", "In-Reply-To: <orig.3@helpdesk.example>"], "Sorry."),
    );
    expect(threaded.bounce).toEqual({ originalMessageIds: ["<orig.3@helpdesk.example>"] });
  });

  it("does not take ordinary mail from a postmaster, or a read receipt, for a bounce", async () => {
    expect((await parseMessage(eml(["From: postmaster@example.com", "Subject: Your question"], "Hi"))).bounce).toBeNull();
    const receipt = multipart("b", ["Content-Type: text/plain\n\nRead.", "Content-Type: message/disposition-notification\n\nDisposition: manual-action/MDN-sent-manually; displayed"]);
    const mdn = await parseMessage(eml(["From: a@example.com", "Content-Type: multipart/report; report-type=disposition-notification; boundary=b"], receipt));
    expect(mdn.bounce).toBeNull();
  });
});

describe("parseMessage: limits", () => {
  it("refuses a message over 25 MB", async () => {
    const raw = Buffer.concat([Buffer.from("Subject: big\r\n\r\n"), Buffer.alloc(25 * 1024 * 1024, "a")]);
    await expect(parseMessage(raw)).rejects.toBeInstanceOf(MessageTooLargeError);
    await expect(parseMessage(eml(["Subject: x"], "x".repeat(200)), { maxMessageBytes: 100 })).rejects.toMatchObject({ code: "message_too_large" });
  });

  it("parses a message just under 25 MB in slices, leaving the event loop free", async () => {
    const content = Buffer.alloc(17 * 1024 * 1024, 7);
    const base64 = content.toString("base64").replace(/.{76}/g, "$&\n");
    const body = multipart("m", ["Content-Type: text/plain\n\nsee attached", `Content-Type: application/octet-stream; name=blob.bin\nContent-Transfer-Encoding: base64\n\n${base64}`]);
    const raw = eml(["Subject: big", "Content-Type: multipart/mixed; boundary=m"], body);
    expect(raw.length).toBeLessThan(25 * 1024 * 1024);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      const mail = await parseMessage(raw);
      expect(mail.attachments[0]?.content.equals(content)).toBe(true);
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(5);
  }, 30_000);

  it("refuses more than 100 attachments, and an attachment over the limit", async () => {
    const withAttachments = (n: number) =>
      eml(
        ["Content-Type: multipart/mixed; boundary=m"],
        multipart("m", Array.from({ length: n }, (_, i) => `Content-Type: application/octet-stream; name=f${i}.bin\n\nx`)),
      );
    expect((await parseMessage(withAttachments(100))).attachments).toHaveLength(100);
    await expect(parseMessage(withAttachments(101))).rejects.toBeInstanceOf(MessageTooLargeError);
    await expect(parseMessage(withAttachments(3), { maxAttachments: 2 })).rejects.toBeInstanceOf(MessageTooLargeError);
    const big = eml(["Content-Type: multipart/mixed; boundary=m"], multipart("m", ["Content-Type: application/octet-stream\n\n" + "y".repeat(2000)]));
    await expect(parseMessage(big, { maxAttachmentBytes: 1000 })).rejects.toBeInstanceOf(MessageTooLargeError);
  });
});
