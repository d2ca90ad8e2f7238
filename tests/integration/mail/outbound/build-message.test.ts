import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { simpleParser } from "mailparser";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../../../db/client";
import { attachments, outbox } from "../../../../db/schema";
import { buildMessage, MissingAttachmentError } from "../../../../server/mail/outbound/build-message";
import { queueOutboundMail } from "../../../../server/mail/queue-outbound-mail";
import { insertArticle } from "../../../../server/tickets/articles";
import { replyToTicket } from "../../../../server/tickets/reply-to-ticket";
import { createScene, type Scene } from "../../../support/scene";

let scene: Scene;
beforeEach(async () => {
  scene = await createScene(getDb());
});

async function rowOf(articleId: number) {
  const [row] = await scene.db.select().from(outbox).where(eq(outbox.articleId, articleId));
  return row!;
}

describe("buildMessage", () => {
  it("builds a reply as queued: stored Message-ID, addresses, threading, Date, text and attachments", async () => {
    const alice = await scene.agent("rw");
    const ticket = await scene.ticket({ customer: { email: "bob@example.com", name: "Bob" }, title: "Printer on fire" });
    await insertArticle(scene.db, {
      ticketId: ticket.id,
      kind: "email_in",
      senderType: "customer",
      from: "bob@example.com",
      subject: "Printer on fire",
      bodyText: "Still burning.",
      messageId: "<second@mail.example.com>",
      references: "<first@mail.example.com>",
      visibleToCustomer: true,
      createdBy: null,
    });
    const report = randomBytes(40_000);
    const logo = randomBytes(2_000);
    const article = await replyToTicket(scene.db, {
      actor: alice,
      number: ticket.number,
      body: "We are on our way.\nÜbrigens: bring water.\n.\nThat was a lone dot.",
      cc: ["carol@example.com"],
      attachments: [
        { filename: "report.pdf", contentType: "application/pdf", content: report },
        { filename: "logo.png", contentType: "image/png", content: logo, contentId: "logo@helpdesk", inline: true },
      ],
    });
    const row = await rowOf(article.id);

    const mail = await buildMessage(scene.db, row);

    expect(mail.messageId).toBe(row.messageId);
    expect(mail.date).toEqual(row.createdAt);
    expect(mail.envelope).toEqual({ from: scene.queue.address, to: ["bob@example.com", "carol@example.com"] });
    const parsed = await simpleParser(mail.raw);
    expect(parsed.messageId).toBe(row.messageId);
    expect(parsed.from?.value).toEqual([{ address: scene.queue.address, name: scene.queue.name }]);
    expect(parsed.headers.get("to")).toMatchObject({ value: [{ address: "bob@example.com" }] });
    expect(parsed.headers.get("cc")).toMatchObject({ value: [{ address: "carol@example.com" }] });
    expect(parsed.subject).toBe(`[Ticket#${ticket.number}] Re: Printer on fire`);
    expect(parsed.inReplyTo).toBe("<second@mail.example.com>");
    expect(parsed.references).toEqual(["<first@mail.example.com>", "<second@mail.example.com>"]);
    expect(parsed.date?.getTime()).toBe(Math.floor(row.createdAt.getTime() / 1000) * 1000);
    expect(parsed.text?.trim()).toBe("We are on our way.\nÜbrigens: bring water.\n.\nThat was a lone dot.");
    expect(parsed.attachments.map((file) => [file.filename, file.contentType, file.contentDisposition, file.cid ?? null])).toEqual([
      ["report.pdf", "application/pdf", "attachment", null],
      ["logo.png", "image/png", "inline", "logo@helpdesk"],
    ]);
    expect(parsed.attachments[0]!.content.equals(report)).toBe(true);
    expect(parsed.attachments[1]!.content.equals(logo)).toBe(true);
    // CRLF throughout: no bare LF left for a relay to mangle.
    expect(/(?<!\r)\n/.test(mail.raw.toString("latin1"))).toBe(false);
  });

  it("keeps the same Message-ID and Date when built again, as a resend after a crash is", async () => {
    const alice = await scene.agent("rw");
    const ticket = await scene.ticket();
    const article = await replyToTicket(scene.db, { actor: alice, number: ticket.number, body: "Hello" });
    const row = await rowOf(article.id);

    const first = await simpleParser((await buildMessage(scene.db, row)).raw);
    const second = await simpleParser((await buildMessage(scene.db, row)).raw);

    expect(second.messageId).toBe(first.messageId);
    expect(second.headers.get("date")).toEqual(first.headers.get("date"));
  });

  it("adds the stored extra headers of auto mail, but none may replace the Message-ID or the addresses", async () => {
    const ticket = await scene.ticket({ customer: { email: "bob@example.com" } });
    const messageId = `<${ticket.number}.auto@example.com>`;
    await queueOutboundMail(scene.db, {
      ticketId: ticket.id,
      articleId: null,
      messageId,
      kind: "auto_reply",
      message: {
        from: scene.queue.address,
        to: ["bob@example.com"],
        cc: [],
        subject: `[Ticket#${ticket.number}] We got your message`,
        text: "Thank you.",
        inReplyTo: null,
        references: [],
        headers: { "Auto-Submitted": "auto-replied", "X-Loop": scene.queue.address, Precedence: "bulk", "Message-ID": "<forged@example.com>", To: "mallory@example.com" },
        attachmentIds: [],
      },
    });
    const [row] = await scene.db.select().from(outbox).where(eq(outbox.messageId, messageId));

    const mail = await buildMessage(scene.db, row!);

    const parsed = await simpleParser(mail.raw);
    expect(parsed.headers.get("auto-submitted")).toBe("auto-replied");
    expect(parsed.headers.get("x-loop")).toBe(scene.queue.address);
    expect(parsed.headers.get("precedence")).toBe("bulk");
    expect(parsed.messageId).toBe(messageId);
    expect(parsed.inReplyTo).toBeUndefined();
    expect(mail.envelope.to).toEqual(["bob@example.com"]);
    expect(parsed.headers.get("to")).toMatchObject({ text: "bob@example.com" });
  });

  it("refuses to build a message whose attachment is gone, rather than send it without", async () => {
    const alice = await scene.agent("rw");
    const ticket = await scene.ticket();
    const article = await replyToTicket(scene.db, {
      actor: alice,
      number: ticket.number,
      body: "See attached",
      attachments: [{ filename: "a.txt", contentType: "text/plain", content: Buffer.from("a") }],
    });
    const row = await rowOf(article.id);
    await scene.db.delete(attachments).where(eq(attachments.articleId, article.id));

    await expect(buildMessage(scene.db, row)).rejects.toBeInstanceOf(MissingAttachmentError);
  });
});
