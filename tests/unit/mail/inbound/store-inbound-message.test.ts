import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { messageIdentity } from "../../../../server/mail/inbound/store-inbound-message";

const sha256 = (text: string) => createHash("sha256").update(text, "latin1").digest("hex");

describe("a message's identity", () => {
  it("reads the Message-ID from the header block, folded or not", () => {
    expect(messageIdentity(Buffer.from("Subject: x\r\nMessage-ID:\r\n <a.1@mail.example>\r\n\r\nHello\r\n")).messageId).toBe("<a.1@mail.example>");
    expect(messageIdentity(Buffer.from("Subject: x\r\n\r\nMessage-ID: <in.body@mail.example>\r\n")).messageId).toBeNull();
  });

  it("hashes the body with CRLF as LF and a final line break, so relays' rewrites and SMTP's ending do not matter", () => {
    const hash = sha256("line one\nline two\n");
    expect(messageIdentity(Buffer.from("Subject: x\r\n\r\nline one\r\nline two\r\n")).bodyHash).toBe(hash);
    expect(messageIdentity(Buffer.from("Subject: x\n\nline one\nline two")).bodyHash).toBe(hash);
    expect(messageIdentity(Buffer.from("X-Relay: added\r\nSubject: x\r\n\r\nline one\nline two\r\n")).bodyHash).toBe(hash);
  });

  it("keeps a lone CR and the bytes as they are, and hashes an empty body as empty", () => {
    const body = Buffer.from([0x61, 0x0d, 0x62, 0xff, 0x0d, 0x0d, 0x0a, 0x00]);
    const raw = Buffer.concat([Buffer.from("Subject: x\r\n\r\n"), body]);
    expect(messageIdentity(raw).bodyHash).toBe(createHash("sha256").update(Buffer.from([0x61, 0x0d, 0x62, 0xff, 0x0d, 0x0a, 0x00, 0x0a])).digest("hex"));
    expect(messageIdentity(Buffer.from("Subject: x\r\n\r\n")).bodyHash).toBe(sha256(""));
  });
});
