import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { Worker } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import { connect, getDb, type Database } from "../../../../db/client";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../../../../db/embedded";
import { migrateDatabase } from "../../../../db/migrate";
import { seedDatabase } from "../../../../db/seed";
import { MailWorkerPool, TemporaryMailError } from "../../../../server/mail/inbound/mail-worker-pool";
import { TEST_ADMIN_PASSWORD } from "../../../support/constants";
import { buildMail } from "../../../support/mail";
import { sendWithRetries, type OutgoingMail } from "../../../support/retrying-sender";
import { createScene } from "../../../support/scene";
import { freePort, startServerProcess, type ServerProcess, type ServerProcessOptions } from "../../../support/server-process";

/*
 * "250 only once the raw message is stored" (CONTRACT.md), tested against the real server
 * process: whatever is acknowledged is never lost, whatever is retried is never filed twice —
 * across a SIGKILL of the server and a stop of its database in the middle of delivery.
 */

const RUN = randomBytes(4).toString("hex");
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function temporaryDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "helpdesk-crash-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function serverProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const server = await startServerProcess(options);
  cleanups.push(() => server.kill());
  return server;
}

/**
 * `count` messages with unique Message-IDs; every 20th is sent a second time a few messages
 * later, as an MTA does whose 250 got lost — its copy arrives while the original may still be
 * processed, or, around the kill, may never have been.
 */
function messages(count: number, label: string, address: string): { mails: OutgoingMail[]; messageIds: string[]; redelivered: number } {
  const messageIds = Array.from({ length: count }, (_, i) => `<${label}-${i}.${RUN}@customer.example>`);
  const unique = messageIds.map((messageId, i) => ({
    raw: buildMail({ to: address, subject: `${label} ${i}`, messageId, text: `Message ${i} of the ${label} run.` }),
    from: "bob@customer.example",
    to: [address],
  }));
  const mails = unique.flatMap((mail, i) => (i >= 5 && (i - 5) % 20 === 0 ? [mail, unique[i - 5]!] : [mail]));
  return { mails, messageIds, redelivered: mails.length - count };
}

/** Waits until the server has processed every stored message (it retries leftovers after 20 s). */
async function untilProcessed(db: Database, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [{ waiting }] = (await db.execute(sql`select count(*)::int as waiting from inbound_messages where status = 'new'`)) as unknown as [{ waiting: number }];
    if (waiting === 0) return;
    if (Date.now() > deadline) throw new Error(`${waiting} message(s) still new after ${timeoutMs} ms`);
    await pause(500);
  }
}

/** Every Message-ID exactly one article; nothing failed; every delivery stored, each copy beyond the first a duplicate. */
async function expectEachFiledOnce(db: Database, messageIds: string[], deliveries: number): Promise<void> {
  const articleCounts = (await db.execute(sql`select message_id as id, count(*)::int as n from articles where message_id in ${messageIds} group by message_id`)) as unknown as { id: string; n: number }[];
  expect(articleCounts.filter(({ n }) => n !== 1)).toEqual([]);
  expect(articleCounts).toHaveLength(messageIds.length);
  const statuses = (await db.execute(sql`select status, count(*)::int as n from inbound_messages group by status`)) as unknown as { status: string; n: number }[];
  const byStatus = Object.fromEntries(statuses.map(({ status, n }) => [status, n]));
  expect(byStatus).not.toHaveProperty("failed");
  expect(byStatus).not.toHaveProperty("new");
  expect(byStatus.processed).toBe(messageIds.length);
  // At least: a message stored whose 250 the kill or the outage cut off was sent again.
  expect(byStatus.duplicate).toBeGreaterThanOrEqual(deliveries - messageIds.length);
}

describe("the server process under crashes", () => {
  it("killed mid-delivery and restarted: every acknowledged message is filed once, every retried one is a duplicate", { timeout: 110_000 }, async () => {
    const db = getDb();
    const scene = await createScene(db);
    const options = { databaseUrl: process.env.DATABASE_URL!, dataDir: await temporaryDir(), smtpPort: await freePort(), realtimePort: await freePort() };
    let server = await serverProcess(options);
    const { mails, messageIds, redelivered } = messages(500, "kill", scene.queue.address);

    let restarted: Promise<void> | null = null;
    let acknowledged = 0;
    let acknowledgedAtRestart = 0;
    const report = await sendWithRetries(mails, {
      port: options.smtpPort,
      concurrency: 8,
      onAcknowledged: (count) => {
        acknowledged = count;
        if (count !== 100) return;
        restarted = (async () => {
          await server.kill();
          await pause(1_000);
          server = await serverProcess(options);
          acknowledgedAtRestart = acknowledged;
        })();
      },
    });
    await restarted;

    expect(report.acknowledged).toBe(mails.length);
    // Killed mid-delivery, and most messages went to the restarted process.
    expect(acknowledgedAtRestart).toBeGreaterThanOrEqual(100);
    expect(acknowledgedAtRestart).toBeLessThan(mails.length / 2);
    // The kill cut connections and refused new ones for a while: the senders had to retry.
    expect(report.attempts).toBeGreaterThan(mails.length);
    await untilProcessed(db, 45_000);
    await expectEachFiledOnce(db, messageIds, messageIds.length + redelivered);
    expect(await server.stop()).toBe(0);
  });

  it("with its database stopped mid-delivery: 451 until it is back, then every message is filed once", { timeout: 110_000 }, async () => {
    const [dataDir, databaseDir] = [await temporaryDir(), await temporaryDir()];
    const pgPort = await freePort();
    let database: EmbeddedDatabase = await startEmbeddedDatabase(databaseDir, { port: pgPort });
    cleanups.push(() => database.stop());
    await migrateDatabase(database.url);
    const db = connect(database.url, { max: 2 });
    cleanups.push(() => db.$client.end({ timeout: 1 }));
    await seedDatabase(db, { adminPassword: TEST_ADMIN_PASSWORD, rawAddress: "helpdesk@localhost" });
    const scene = await createScene(db);
    const options = { databaseUrl: database.url, dataDir, smtpPort: await freePort(), realtimePort: await freePort() };
    const server = await serverProcess(options);
    const { mails, messageIds, redelivered } = messages(200, "outage", scene.queue.address);

    let outage: Promise<void> | null = null;
    let refused = 0;
    const report = await sendWithRetries(mails, {
      port: options.smtpPort,
      concurrency: 8,
      // A hang would show as a timeout. Not shorter: once the database is back, a store may wait
      // up to 20 s for postgres.js's reconnect backoff (3^retries / 100 s, capped at 20 s).
      attemptTimeoutMs: 30_000,
      onOutcome: (outcome) => {
        if (outcome === "451") refused++;
      },
      onAcknowledged: (count) => {
        if (count !== 50) return;
        outage = (async () => {
          await database.stop();
          const down = Date.now();
          // Down until senders have been told to retry, and at least 1.5 s.
          while ((refused === 0 || Date.now() - down < 1_500) && Date.now() - down < 10_000) await pause(100);
          database = await startEmbeddedDatabase(databaseDir, { port: pgPort });
        })();
      },
    });
    await outage;

    expect(report.acknowledged).toBe(mails.length);
    expect(report.outcomes["451"]).toBeGreaterThan(0);
    expect(report.outcomes).not.toHaveProperty("timeout");
    await untilProcessed(db, 45_000);
    await expectEachFiledOnce(db, messageIds, messageIds.length + redelivered);
    expect(await server.stop()).toBe(0);
  });

  it("a mail worker dying mid-upload fails that upload as temporary (451), rather than leaving the sender waiting", async () => {
    const pool = new MailWorkerPool(process.env.DATABASE_URL!, 1);
    cleanups.push(() => pool.close());
    const upload = pool.upload();
    upload.write(buildMail());
    // As postgres.js's uncaught "reading 'write'" of a closed socket does to a worker when its database goes away.
    await (pool as unknown as { workers: Worker[] }).workers[0]!.terminate();
    const stored = upload.store("smtp", { mailFrom: null, rcptTo: [] });
    const timeout = new Promise((resolve) => setTimeout(resolve, 5_000, "no answer within 5 s"));
    await expect(Promise.race([stored, timeout])).rejects.toBeInstanceOf(TemporaryMailError);
    // The replacement worker takes the next message.
    const next = pool.upload();
    next.write(buildMail());
    await expect(next.store("smtp", { mailFrom: null, rcptTo: [] })).resolves.toMatchObject({ id: expect.any(Number) });
  });
});
