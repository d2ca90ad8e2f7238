import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { outbox } from "../../../db/schema";
import { queueOutboundMail } from "../../../server/mail/queue-outbound-mail";
import { describeOutbound, maskSmtpUrl } from "../../../server/system/describe-outbound";
import { listOutbox } from "../../../server/system/list-outbox";
import { retryOutboxMail } from "../../../server/system/retry-outbox-mail";
import { sendTestMail } from "../../../server/system/send-test-mail";
import { auditOf } from "../../support/admin-audit";
import { actorOf, createAgent, testAdmin } from "../../support/factories";
import { createScene, type Scene } from "../../support/scene";
import { startSmtpSink, type SmtpSink } from "../mail/outbound/smtp-sink";

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "hd-system-"));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe("outbound settings", () => {
  it("shows SMTP_URL with the password masked, or the .eml directory", () => {
    expect(maskSmtpUrl("smtp://mailer:hunter2@relay.example:587")).toBe("smtp://mailer:****@relay.example:587");
    expect(maskSmtpUrl("smtps://relay.example?pass=hunter2&requireTLS=true")).toBe("smtps://relay.example?pass=****&requireTLS=true");
    expect(maskSmtpUrl("not a url")).not.toContain("not a url");
    expect(describeOutbound({ SMTP_URL: "smtp://u:p@relay:25", HELPDESK_DATA_DIR: dataDir })).toEqual({ kind: "smtp", url: "smtp://u:****@relay:25" });
    expect(describeOutbound({ SMTP_URL: undefined, HELPDESK_DATA_DIR: dataDir })).toEqual({ kind: "directory", directory: path.join(dataDir, "outbox") });
  });
});

describe("sendTestMail", () => {
  let sink: SmtpSink;
  beforeEach(async () => {
    sink = await startSmtpSink({ auth: { user: "mailer", pass: "hunter2" } });
  });
  afterEach(async () => {
    await sink.close();
  });

  it("sends straight through the relay and audits it, without the password", async () => {
    const db = getDb();
    const admin = await testAdmin(db);
    const result = await sendTestMail(db, { ...admin, login: admin.login }, { to: "ops@example.com" }, { SMTP_URL: sink.url, HELPDESK_DATA_DIR: dataDir });
    expect(result).toMatchObject({ ok: true, via: expect.stringContaining(":****@") });
    const [mail] = await sink.waitFor(1);
    expect(mail!.envelope.to).toEqual(["ops@example.com"]);
    expect(mail!.raw.toString()).toContain("Subject: Helpdesk test mail");
    const audit = await auditOf(db, "system:outbound");
    expect(audit.at(-1)).toEqual({ actorId: admin.id, action: "system.test_mail", details: expect.objectContaining({ to: "ops@example.com", ok: true }) });
    expect(JSON.stringify(audit)).not.toContain("hunter2");
  });

  it("reports the relay's refusal and audits the failure", async () => {
    const db = getDb();
    const admin = await testAdmin(db);
    sink.reject = { code: 550, message: "5.1.1 no such mailbox" };
    const result = await sendTestMail(db, admin, { to: "nobody@example.com" }, { SMTP_URL: sink.url, HELPDESK_DATA_DIR: dataDir });
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining("550") });
    expect((await auditOf(db, "system:outbound")).at(-1)!.details).toMatchObject({ to: "nobody@example.com", ok: false });
  });

  it("writes an .eml file without SMTP_URL; refuses a bad address and non-admins", async () => {
    const db = getDb();
    const admin = await testAdmin(db);
    expect(await sendTestMail(db, admin, { to: "ops@example.com" }, { SMTP_URL: undefined, HELPDESK_DATA_DIR: dataDir })).toMatchObject({ ok: true });
    const files = await readdir(path.join(dataDir, "outbox"));
    expect(files).toHaveLength(1);
    expect(await readFile(path.join(dataDir, "outbox", files[0]!), "utf8")).toContain("To: ops@example.com");
    await expect(sendTestMail(db, admin, { to: "not an address" }, { SMTP_URL: undefined, HELPDESK_DATA_DIR: dataDir })).rejects.toMatchObject({ field: "to" });
    const agent = await createAgent(db);
    await expect(sendTestMail(db, actorOf(agent), { to: "ops@example.com" }, { SMTP_URL: undefined, HELPDESK_DATA_DIR: dataDir })).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("the outbox", () => {
  let scene: Scene;
  beforeEach(async () => {
    scene = await createScene(getDb());
    await scene.db.delete(outbox);
  });

  async function queueOne(state: "queued" | "failed" | "sent") {
    const ticket = await scene.ticket();
    const messageId = `<${randomBytes(6).toString("hex")}@example.com>`;
    await queueOutboundMail(scene.db, { ticketId: ticket.id, articleId: null, messageId, recipient: "bob@example.com", message: { from: scene.queue.address, to: ["bob@example.com"], cc: [], subject: `Hello ${state}`, text: "Hi", inReplyTo: null, references: [], headers: {}, attachmentIds: [] } });
    if (state === "failed") await scene.db.update(outbox).set({ failedAt: new Date(), attempts: 10, lastError: "550 no" }).where(eq(outbox.messageId, messageId));
    if (state === "sent") await scene.db.update(outbox).set({ sentAt: new Date(), attempts: 1 }).where(eq(outbox.messageId, messageId));
    const [row] = await scene.db.select({ id: outbox.id }).from(outbox).where(eq(outbox.messageId, messageId));
    return { id: row!.id, ticket };
  }

  it("lists each status newest first, paged, with the counts", async () => {
    await queueOne("queued");
    const failed = await queueOne("failed");
    await queueOne("sent");
    const newer = await queueOne("failed");
    const page = await listOutbox(scene.db, { status: "failed", pageSize: 1 });
    expect(page.counts).toEqual({ queued: 1, failed: 2, sent: 1 });
    expect(page.entries).toEqual([expect.objectContaining({ id: newer.id, ticketNumber: newer.ticket.number, subject: "Hello failed", lastError: "550 no", recipient: "bob@example.com" })]);
    expect((await listOutbox(scene.db, { status: "failed", pageSize: 1, page: 2 })).entries[0]!.id).toBe(failed.id);
    expect((await listOutbox(scene.db, { status: "sent" })).entries).toHaveLength(1);
    await expect(listOutbox(scene.db, { status: "lost" as "sent" })).rejects.toMatchObject({ field: "status" });
  });

  it("retries one failed message, audited; refuses one that did not fail, and non-admins", async () => {
    const admin = await testAdmin(scene.db);
    const failed = await queueOne("failed");
    const sent = await queueOne("sent");
    await expect(retryOutboxMail(scene.db, actorOf(await createAgent(scene.db)), { id: failed.id })).rejects.toMatchObject({ code: "forbidden" });
    expect(await retryOutboxMail(scene.db, admin, { id: failed.id })).toEqual({ retried: 1 });
    const [row] = await scene.db.select().from(outbox).where(eq(outbox.id, failed.id));
    expect(row).toMatchObject({ failedAt: null, attempts: 0 });
    expect(await auditOf(scene.db, `outbox:${failed.id}`)).toEqual([{ actorId: admin.id, action: "outbox.retry", details: { retried: 1 } }]);
    await expect(retryOutboxMail(scene.db, admin, { id: sent.id })).rejects.toMatchObject({ field: "id" });
  });
});
