import { and, eq, like, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { connect, getDb, type Database } from "../../../../db/client";
import { outbox, ticketHistory } from "../../../../db/schema";
import { MAX_AUTO_MAILS_PER_DAY } from "../../../../server/mail/auto-response";
import { autoResponseRefusal } from "../../../../server/mail/inbound/loop-protection";
import { parseMessage } from "../../../../server/mail/inbound/parse-message";
import type { OutboundMessage } from "../../../../server/mail/queue-outbound-mail";
import { enableAutoResponses } from "../../../support/auto-responses";
import { createDatabase, dropDatabase, uniqueDatabaseName } from "../../../support/databases";
import { createGroup, createQueue } from "../../../support/factories";
import { buildMail, deliver } from "../../../support/mail";

const { serverUrl, template, prefix } = inject("testDatabases");

/** One helpdesk: its database, and a queue with every auto response. */
async function helpdesk(db: Database, address: string) {
  const group = await createGroup(db);
  const queue = await createQueue(db, { group: group.name, address });
  await enableAutoResponses(db, queue.id);
  return queue;
}

/** The auto mails a helpdesk has queued and not yet handed on, as raw messages its peer would receive. */
async function takeOutgoing(db: Database, handed: Set<number>): Promise<Buffer[]> {
  const rows = await db.select().from(outbox).where(like(outbox.kind, "auto%"));
  const fresh = rows.filter((row) => !handed.has(row.id));
  for (const row of fresh) handed.add(row.id);
  return fresh.map((row) => {
    const message = row.message as OutboundMessage;
    const headers = Object.fromEntries(Object.entries(message.headers));
    return buildMail({ from: message.from, to: message.to.join(", "), subject: message.subject, text: message.text, messageId: row.messageId, inReplyTo: message.inReplyTo ?? undefined, headers });
  });
}

let otherName: string;
let other: Database;

beforeAll(async () => {
  otherName = uniqueDatabaseName(prefix);
  other = connect(await createDatabase(serverUrl, otherName, template), { max: 4 });
});

afterAll(async () => {
  await other.$client.end();
  await dropDatabase(serverUrl, otherName);
});

describe("loop protection", () => {
  it("two helpdesks auto-replying to each other's address exchange one auto mail, not a storm", async () => {
    const db = getDb();
    const a = await helpdesk(db, "help@a.example");
    const b = await helpdesk(other, "help@b.example");
    const handedA = new Set<number>();
    const handedB = new Set<number>();
    // B's queue writes to A (a notification, a forwarded message…): A answers by itself.
    await deliver(db, buildMail({ from: `B <${b.address}>`, to: a.address, subject: "Hello from B" }));
    let exchanged = 0;
    for (let round = 0; round < 10; round++) {
      const fromA = await takeOutgoing(db, handedA);
      for (const mail of fromA) await deliver(other, mail);
      const fromB = await takeOutgoing(other, handedB);
      for (const mail of fromB) await deliver(db, mail);
      exchanged += fromA.length + fromB.length;
      if (fromA.length + fromB.length === 0) break;
    }
    expect(exchanged).toBe(1);
  });

  it("sends at most the daily cap of auto mails to one address, however often it writes, then says LoopProtection", async () => {
    const db = getDb();
    const queue = await helpdesk(db, "capped@a.example");
    // A sender whose autoresponder strips every loop header: only the cap stops it.
    for (let index = 0; index < MAX_AUTO_MAILS_PER_DAY + 5; index++) await deliver(db, buildMail({ from: "dumb-bot@remote.example", to: queue.address, subject: `Ping ${index}` }));
    const [sent] = await db.select({ count: sql<number>`count(*)::int` }).from(outbox).where(and(eq(outbox.recipient, "dumb-bot@remote.example"), like(outbox.kind, "auto%")));
    expect(sent!.count).toBe(MAX_AUTO_MAILS_PER_DAY);
    const [protectedRows] = await db.select({ count: sql<number>`count(*)::int` }).from(ticketHistory).where(eq(ticketHistory.type, "LoopProtection"));
    expect(protectedRows!.count).toBe(5);
  });

  it("an out-of-office answer to an auto reply joins the ticket and is not answered", async () => {
    const db = getDb();
    const queue = await helpdesk(db, "ooo@a.example");
    const first = await deliver(db, buildMail({ from: "carol@customer.example", to: queue.address, subject: "Question" }));
    const ticketId = first.status === "processed" ? first.ticketId! : 0;
    const [autoReply] = await db.select().from(outbox).where(and(eq(outbox.ticketId, ticketId), like(outbox.kind, "auto%")));
    const ooo = buildMail({ from: "carol@customer.example", to: queue.address, subject: `Out of office: ${(autoReply!.message as OutboundMessage).subject}`, inReplyTo: autoReply!.messageId, headers: { "Auto-Submitted": "auto-replied" } });
    const result = await deliver(db, ooo);
    expect(result).toMatchObject({ status: "processed", outcome: "follow_up", ticketId });
    expect(await db.select().from(outbox).where(and(eq(outbox.ticketId, ticketId), like(outbox.kind, "auto%")))).toHaveLength(1);
  });

  it("refuses automatic, list, daemon and own mail, and answers people", async () => {
    const own = new Set(["support@example.com"]);
    const refusal = async (mail: Parameters<typeof buildMail>[0]) => autoResponseRefusal(await parseMessage(buildMail(mail)), own);
    expect(await refusal({})).toBeNull();
    expect(await refusal({ headers: { "Auto-Submitted": "no" } })).toBeNull();
    expect(await refusal({ headers: { "Auto-Submitted": "auto-generated" } })).toMatch(/Auto-Submitted/);
    for (const precedence of ["bulk", "list", "junk"]) expect(await refusal({ headers: { Precedence: precedence } })).toMatch(/Precedence/);
    expect(await refusal({ headers: { "X-Loop": "yes" } })).toBe("X-Loop");
    expect(await refusal({ headers: { "List-Id": "<dev.lists.example>" } })).toBe("a mailing list");
    expect(await refusal({ from: "MAILER-DAEMON@relay.example" })).toMatch(/mailer-daemon/i);
    expect(await refusal({ from: "postmaster@relay.example" })).toMatch(/postmaster/);
    expect(await refusal({ from: "Support <SUPPORT@example.com>" })).toMatch(/own address/);
    expect(await refusal({ replyTo: "support@example.com" })).toMatch(/own address/);
  });
});

