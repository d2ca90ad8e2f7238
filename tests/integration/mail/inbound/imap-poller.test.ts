import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { and, eq, inArray } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connect, getDb } from "../../../../db/client";
import { articles, inboundMessages, mailAccounts, tickets } from "../../../../db/schema";
import { addMailAccount } from "../../../../server/mail/accounts/add-mail-account";
import { MailAccountError } from "../../../../server/mail/inbound/imap-connection";
import { IngestFailedError, pollMailAccount, startImapPoller, testMailAccount, type Ingest } from "../../../../server/mail/inbound/imap-poller";
import { MailWorkerPool } from "../../../../server/mail/inbound/mail-worker-pool";
import { processInboundMessage } from "../../../../server/mail/inbound/process-inbound-message";
import { MAX_MESSAGE_BYTES, storeInboundMessage } from "../../../../server/mail/inbound/store-inbound-message";
import { startImapServer, type TestImapServer } from "../../../support/imap-server";
import { buildMail, newMessageId } from "../../../support/mail";
import { createScene, type Scene } from "../../../support/scene";

let scene: Scene;
let imap: TestImapServer;

beforeEach(async () => {
  scene = await createScene(getDb());
  imap = await startImapServer();
});

afterEach(async () => {
  await imap.close();
});

/** As the server process does, in this thread: store, then process; stored is committed. */
const ingest: Ingest = async (raw) => {
  const { id } = await storeInboundMessage(scene.db, { raw, source: "imap", envelope: { mailFrom: null, rcptTo: [] } });
  await processInboundMessage(scene.db, id);
  return { committed: true };
};

function mail(subject: string, messageId = newMessageId()) {
  return { messageId, raw: buildMail({ to: scene.queue.address, subject, messageId }) };
}

async function titlesInQueue(): Promise<string[]> {
  const rows = await scene.db.select({ title: tickets.title }).from(tickets).where(eq(tickets.queueId, scene.queue.id)).orderBy(tickets.id);
  return rows.map((row) => row.title);
}

// The database is the test file's, shared by its tests: count only this test's messages.
async function articleCount(messageIds: string[]): Promise<number> {
  return scene.db.$count(articles, inArray(articles.messageId, messageIds));
}

async function storedCount(messageIds: string[]): Promise<number> {
  return scene.db.$count(inboundMessages, and(eq(inboundMessages.source, "imap"), inArray(inboundMessages.messageId, messageIds)));
}

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("polling an IMAP mailbox", () => {
  it("files the unseen messages as tickets, oldest first, and then marks them read", async () => {
    const sent = [mail("Already read"), mail("First"), mail("Second")];
    imap.deliver(sent[0]!.raw, ["\\Seen"]);
    imap.deliver(sent[1]!.raw);
    imap.deliver(sent[2]!.raw);

    const summary = await pollMailAccount(imap.account(), ingest);

    expect(summary).toEqual({ fetched: 2, ingested: 2, skipped: 0, oversized: [] });
    expect(await titlesInQueue()).toEqual(["First", "Second"]);
    expect(imap.messages().map((message) => message.seen)).toEqual([true, true, true]);
    expect(await storedCount(sent.map((message) => message.messageId))).toBe(2);
    expect(await pollMailAccount(imap.account(), ingest)).toMatchObject({ fetched: 0, ingested: 0 });
  });

  it("deletes the fetched messages when the account says so, and leaves the read ones", async () => {
    const read = imap.deliver(mail("Already read").raw, ["\\Seen"]);
    imap.deliver(mail("To delete").raw);

    expect(await pollMailAccount(imap.account({ afterFetch: "delete" }), ingest)).toMatchObject({ fetched: 1, ingested: 1 });

    expect(await titlesInQueue()).toEqual(["To delete"]);
    expect(imap.messages().map((message) => message.uid)).toEqual([read]);
  });

  it("stops when a message cannot be stored, leaves it unseen, and takes it on the next poll: nothing lost, nothing twice", async () => {
    const sent = [mail("One"), mail("Two"), mail("Three")];
    for (const message of sent) imap.deliver(message.raw);
    const unreachable = connect("postgres://postgres@127.0.0.1:1/unreachable", { max: 1 });
    let calls = 0;
    // The database goes away after the first message.
    const failing: Ingest = async (raw) => {
      if (++calls === 1) return ingest(raw);
      await storeInboundMessage(unreachable, { raw, source: "imap", envelope: { mailFrom: null, rcptTo: [] } });
      return { committed: true };
    };
    try {
      const error = await pollMailAccount(imap.account(), failing).catch((failure: unknown) => failure);
      expect(error).toBeInstanceOf(IngestFailedError);
      expect((error as Error).message).toMatch(/UID 2 could not be stored and stays unseen/);
    } finally {
      await unreachable.$client.end({ timeout: 1 });
    }
    expect(calls).toBe(2);
    expect(imap.messages().map((message) => message.seen)).toEqual([true, false, false]);

    expect(await pollMailAccount(imap.account(), ingest)).toMatchObject({ fetched: 2, ingested: 2 });

    expect(imap.messages().every((message) => message.seen)).toBe(true);
    expect(await titlesInQueue()).toEqual(["One", "Two", "Three"]);
    expect(await articleCount(sent.map((message) => message.messageId))).toBe(3);
    expect(await storedCount(sent.map((message) => message.messageId))).toBe(3);
  });

  it("skips a message over the size limit without downloading it, and leaves it unseen", async () => {
    const huge = Buffer.concat([buildMail({ to: scene.queue.address, subject: "Huge" }), Buffer.alloc(MAX_MESSAGE_BYTES, "a")]);
    const hugeUid = imap.deliver(huge);
    imap.deliver(mail("Small").raw);
    const sizes: number[] = [];

    const summary = await pollMailAccount(imap.account(), async (raw) => {
      sizes.push(raw.length);
      return ingest(raw);
    });

    expect(summary).toEqual({ fetched: 1, ingested: 1, skipped: 1, oversized: [{ uid: hugeUid, size: huge.length }] });
    expect(sizes.every((size) => size < 10_000)).toBe(true);
    expect(await titlesInQueue()).toEqual(["Small"]);
    expect(imap.messages().map((message) => message.seen)).toEqual([false, true]);
  });

  it("says clearly when the login fails, the folder is missing or the server is not there", async () => {
    imap.deliver(mail("Waiting").raw);
    const wrong = imap.account({ password: "wrong" });

    await expect(pollMailAccount(wrong, ingest)).rejects.toThrow(MailAccountError);
    await expect(pollMailAccount(wrong, ingest)).rejects.toThrow(/^login as testuser on 127\.0\.0\.1:\d+ failed/);
    expect(await testMailAccount(wrong)).toEqual({ ok: false, error: expect.stringMatching(/^login as testuser on 127\.0\.0\.1:\d+ failed/) });
    expect(await testMailAccount(imap.account({ folder: "Nowhere" }))).toEqual({ ok: false, error: expect.stringMatching(/^folder Nowhere on 127\.0\.0\.1 cannot be opened/) });
    expect(await testMailAccount(imap.account({ port: 1 }))).toEqual({ ok: false, error: "cannot connect to 127.0.0.1:1: connection refused" });

    imap.deliver(mail("Read").raw, ["\\Seen"]);
    expect(await testMailAccount(imap.account())).toEqual({ ok: true, messages: 2, unseen: 1 });
    // Looking changes nothing.
    expect(imap.messages().map((message) => message.seen)).toEqual([false, true]);
    expect(await titlesInQueue()).toEqual([]);
  });
});

describe("the IMAP poller", () => {
  let pool: MailWorkerPool;
  beforeEach(() => {
    pool = new MailWorkerPool(process.env.DATABASE_URL!, 1);
  });
  afterEach(async () => {
    await pool.close();
  });

  it("polls the due accounts through the mail workers and records how each went", async () => {
    const good = await addMailAccount(scene.db, { name: "Support inbox", host: "127.0.0.1", port: imap.port, tls: false, username: "testuser", password: "testpass" });
    const bad = await addMailAccount(scene.db, { name: "Wrong password", host: "127.0.0.1", port: imap.port, tls: false, username: "testuser", password: "nope" });
    await addMailAccount(scene.db, { name: "Switched off", host: "127.0.0.1", port: 1, tls: false, username: "x", password: "y", valid: false });
    const sent = mail("Over IMAP");
    imap.deliver(sent.raw);

    const poller = startImapPoller(scene.db, pool, { checkIntervalMs: 100 });
    try {
      await waitFor("the ticket", async () => (await titlesInQueue()).includes("Over IMAP"));
      const account = (id: number) => scene.db.query.mailAccounts.findFirst({ where: eq(mailAccounts.id, id) });
      await waitFor("both polls recorded", async () => (await account(good.id))?.lastPolledAt && (await account(bad.id))?.lastError);
      expect(await account(good.id)).toMatchObject({ lastPolledAt: expect.any(Date), lastError: null });
      expect((await account(bad.id))!.lastError).toMatch(/^login as testuser on 127\.0\.0\.1:\d+ failed/);
      expect(await scene.db.query.mailAccounts.findFirst({ where: eq(mailAccounts.name, "Switched off") })).toMatchObject({ lastPolledAt: null, lastError: null });

      const [stored] = await scene.db.select().from(inboundMessages).where(eq(inboundMessages.messageId, sent.messageId));
      expect(stored).toMatchObject({ source: "imap", status: "processed", envelope: { mailFrom: null, rcptTo: [] } });
      expect(imap.messages()[0]!.seen).toBe(true);

      // Not due again for a minute: a new message waits.
      imap.deliver(mail("Later").raw);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await titlesInQueue()).toEqual(["Over IMAP"]);
    } finally {
      await poller.stop();
    }
  });

  it("never polls one account twice at once, even from two pollers", async () => {
    const sent = [mail("A"), mail("B"), mail("C"), mail("D")];
    for (const message of sent) imap.deliver(message.raw);
    const { id } = await addMailAccount(scene.db, { name: "Shared", host: "127.0.0.1", port: imap.port, tls: false, username: "testuser", password: "testpass" });
    // Due again at once, while its poll still runs: only the lock held for the poll keeps the second poller out.
    await scene.db.update(mailAccounts).set({ intervalSeconds: 0 }).where(eq(mailAccounts.id, id));

    let inFlight = 0;
    let most = 0;
    // Slow enough that the second poller's checks come while the first poll is running.
    const slow: Ingest = async (raw) => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 150));
      try {
        return await ingest(raw);
      } finally {
        inFlight--;
      }
    };
    const pollers = [startImapPoller(scene.db, pool, { checkIntervalMs: 20, ingest: slow }), startImapPoller(scene.db, pool, { checkIntervalMs: 20, ingest: slow })];
    try {
      await waitFor("all four", async () => (await storedCount(sent.map((message) => message.messageId))) >= 4);
    } finally {
      await Promise.all(pollers.map((poller) => poller.stop()));
    }
    expect(most).toBe(1);
    expect(await storedCount(sent.map((message) => message.messageId))).toBe(4);
    expect(imap.messages().every((message) => message.seen)).toBe(true);
    expect((await scene.db.query.mailAccounts.findFirst({ where: eq(mailAccounts.id, id) }))!.lastError).toBeNull();
    expect(await articleCount(sent.map((message) => message.messageId))).toBe(4);
  });

  it("stops at once, without waiting out a server that never answers", async () => {
    // Accepts the connection and says nothing: the client would wait for the greeting for 15 s.
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as AddressInfo;
    const { id } = await addMailAccount(scene.db, { name: "Silent", host: "127.0.0.1", port, tls: false, username: "testuser", password: "testpass" });
    const poller = startImapPoller(scene.db, pool, { checkIntervalMs: 50 });
    try {
      await waitFor("the poll to start", async () => (await scene.db.query.mailAccounts.findFirst({ where: eq(mailAccounts.id, id) }))?.lastPolledAt);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const started = Date.now();
      await poller.stop();
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      silent.close();
    }
  });
});
