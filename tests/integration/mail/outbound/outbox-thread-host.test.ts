import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../../../db/client";
import { outbox } from "../../../../db/schema";
import { startOutboxThread, type OutboxThread } from "../../../../server/mail/outbound/outbox-thread-host";
import { queueOutboundMail } from "../../../../server/mail/queue-outbound-mail";
import { createScene, type Scene } from "../../../support/scene";
import { until } from "../../../support/until";

let scene: Scene;
let dataDir: string;
let thread: OutboxThread | undefined;
const started: string[] = [];

beforeAll(async () => {
  scene = await createScene(getDb());
  dataDir = await mkdtemp(path.join(tmpdir(), "helpdesk-outbox-thread-"));
  thread = startOutboxThread({ databaseUrl: process.env.DATABASE_URL!, dataDir }, (description) => started.push(description));
});

afterAll(async () => {
  await thread?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function queueOne(subject: string): Promise<{ id: number; messageId: string }> {
  const ticket = await scene.ticket({ customer: { email: "bob@example.com" } });
  const messageId = `<${ticket.number}.${randomBytes(6).toString("hex")}@example.com>`;
  const id = await queueOutboundMail(scene.db, {
    ticketId: ticket.id,
    articleId: null,
    messageId,
    message: { from: scene.queue.address, to: ["bob@example.com"], cc: [], subject, text: "Hello", inReplyTo: null, references: [], headers: {}, attachmentIds: [] },
  });
  return { id, messageId };
}

const sentAt = async (id: number) => (await scene.db.select({ sentAt: outbox.sentAt }).from(outbox).where(eq(outbox.id, id)))[0]!.sentAt;

describe("the outbox thread", () => {
  it("writes queued mail to $HELPDESK_DATA_DIR/outbox/ from its own thread and marks it sent", async () => {
    const { id, messageId } = await queueOne("From the outbox thread");

    await until(async () => (await sentAt(id)) !== null, `outbox row ${id} is sent`);
    expect(started).toEqual([path.join(dataDir, "outbox")]);
    const files = await readdir(path.join(dataDir, "outbox"));
    const file = files.find((name) => name.endsWith(`-${messageId.slice(1, -1)}.eml`));
    expect(file, `a file for ${messageId} among ${files.join(", ")}`).toBeDefined();
    const content = await readFile(path.join(dataDir, "outbox", file!), "utf8");
    expect(content).toContain(`Message-ID: ${messageId}`);
    expect(content).toContain("Subject: From the outbox thread");
  });

  it("stops once asked: the thread ends, and what is queued afterwards waits in the database", async () => {
    await thread!.stop();
    thread = undefined;
    const { id, messageId } = await queueOne("After the stop");

    // A running worker would be woken by the NOTIFY of this row and send it within milliseconds.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await sentAt(id)).toBeNull();
    expect((await readdir(path.join(dataDir, "outbox"))).some((name) => name.includes(messageId.slice(1, -1)))).toBe(false);
  });
});
