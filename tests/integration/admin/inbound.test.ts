import { describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { findInboundMessage } from "../../../server/mail/inbound/find-inbound-message";
import { listFailedMessages } from "../../../server/mail/inbound/list-failed-messages";
import { processInboundMessage } from "../../../server/mail/inbound/process-inbound-message";
import { reprocessInboundMessage } from "../../../server/mail/inbound/reprocess-inbound-message";
import { storeInboundMessage } from "../../../server/mail/inbound/store-inbound-message";
import { auditOf } from "../../support/admin-audit";
import { actorOf, createAgent, testAdmin } from "../../support/factories";
import { buildMail, inboundRow } from "../../support/mail";
import { createScene } from "../../support/scene";

/** A message stored as SMTP would, whose processing failed (a parser that throws). */
async function failedMessage(subject: string, to: string) {
  const db = getDb();
  const raw = buildMail({ subject, to, text: "<script>alert(1)</script> hello" });
  const { id } = await storeInboundMessage(db, { raw, source: "smtp", envelope: { mailFrom: "bob@customer.example", rcptTo: [to] } });
  await processInboundMessage(db, id, {
    parse: async () => {
      throw new Error("parser exploded");
    },
  });
  return { id, raw };
}

describe("failed inbound messages", () => {
  it("lists failed messages newest first with their error, subject and sender, paged", async () => {
    const db = getDb();
    const { queue } = await createScene(db);
    const first = await failedMessage("=?utf-8?q?Gr=C3=BC=C3=9Fe?=", queue.address);
    const second = await failedMessage("Second", queue.address);
    const page = await listFailedMessages(db, { limit: 1 });
    expect(page.messages).toEqual([expect.objectContaining({ id: second.id, subject: "Second", from: "Bob Baker <bob@customer.example>", error: "parser exploded", attempts: 1, source: "smtp" })]);
    expect(page.nextBefore).toBe(second.id);
    const next = await listFailedMessages(db, { limit: 1, before: page.nextBefore! });
    expect(next.messages[0]).toMatchObject({ id: first.id, subject: "Grüße" });
  });

  it("shows the raw source as it was received", async () => {
    const db = getDb();
    const { queue } = await createScene(db);
    const { id, raw } = await failedMessage("Raw", queue.address);
    const details = await findInboundMessage(db, id);
    expect(details).toMatchObject({ status: "failed", error: "parser exploded", subject: "Raw" });
    expect(details.raw.equals(raw)).toBe(true);
    await expect(findInboundMessage(db, 99_999_999)).rejects.toMatchObject({ code: "not_found" });
  });

  it("reprocesses one failed message into a ticket, audited; refuses one not failed and non-admins", async () => {
    const db = getDb();
    const admin = await testAdmin(db);
    const { queue } = await createScene(db);
    const { id } = await failedMessage("Reprocess me", queue.address);
    await expect(reprocessInboundMessage(db, actorOf(await createAgent(db)), { id })).rejects.toMatchObject({ code: "forbidden" });
    const result = await reprocessInboundMessage(db, admin, { id });
    expect(result).toMatchObject({ status: "processed", outcome: "new_ticket", ticketId: expect.any(Number) });
    expect((await inboundRow(db, id)).status).toBe("processed");
    expect(await auditOf(db, `inbound_message:${id}`)).toEqual([{ actorId: admin.id, action: "inbound.reprocess", details: expect.objectContaining({ status: "processed" }) }]);
    await expect(reprocessInboundMessage(db, admin, { id })).rejects.toMatchObject({ field: "id" });
    await expect(reprocessInboundMessage(db, admin, { id: 99_999_999 })).rejects.toMatchObject({ code: "not_found" });
  });
});
