import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { inboundMessages, queues } from "../../../db/schema";
import { helpdeskProcessWithInput, helpdeskWithInput, helpdesk } from "../../support/cli";
import { buildMail } from "../../support/mail";

describe("mail:ingest", () => {
  it("stores a piped message and files it, exit 0", async () => {
    const result = await helpdeskWithInput(buildMail({ subject: "Piped in" }), "mail:ingest");
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toMatch(/^stored as message \d+: new_ticket \(ticket id \d+\)\n$/);
    const id = Number(/message (\d+)/.exec(result.stdout)![1]);
    const [row] = await getDb().select({ source: inboundMessages.source, status: inboundMessages.status }).from(inboundMessages).where(eq(inboundMessages.id, id));
    expect(row).toEqual({ source: "pipe", status: "processed" });
  });

  it("keeps a message it cannot file as failed, with its error, still exit 0: it is stored", async () => {
    const db = getDb();
    // No catch-all queue: a message no queue claims has nowhere to go.
    await db.update(queues).set({ catchAll: false }).where(eq(queues.catchAll, true));
    try {
      const result = await helpdeskWithInput(buildMail({ to: "nobody@nowhere.example" }), "mail:ingest");
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^stored as message \d+: failed \(no catch-all queue/);
      const id = Number(/message (\d+)/.exec(result.stdout)![1]);
      const [row] = await db.select({ status: inboundMessages.status, error: inboundMessages.error, raw: inboundMessages.raw }).from(inboundMessages).where(eq(inboundMessages.id, id));
      expect(row).toMatchObject({ status: "failed", error: expect.stringContaining("no catch-all queue") });
      expect(row!.raw.toString()).toContain("nobody@nowhere.example");
    } finally {
      await db.update(queues).set({ catchAll: true }).where(eq(queues.name, "Raw"));
    }
  });

  it("refuses an empty or over-size message with exit 1", async () => {
    expect(await helpdeskWithInput("", "mail:ingest")).toMatchObject({ code: 1, stderr: expect.stringContaining("no message") });
    const huge = Buffer.alloc(25 * 1024 * 1024 + 10, 0x61);
    expect(await helpdeskWithInput(huge, "mail:ingest")).toMatchObject({ code: 1, stderr: expect.stringContaining("over") });
  });

  it("exits 75 when the database cannot be reached, so that the MTA retries", async () => {
    const result = await helpdeskProcessWithInput(buildMail(), ["mail:ingest"], { DATABASE_URL: "postgres://postgres@127.0.0.1:1/none" });
    expect(result.code).toBe(75);
    expect(result.stderr).toMatch(/^helpdesk: cannot reach the database/);
  });
});

describe("mail:reprocess", () => {
  it("retries the failed messages and says how each went", async () => {
    const db = getDb();
    const stored = await helpdeskWithInput(buildMail({ subject: "will fail" }), "mail:ingest");
    const id = Number(/message (\d+)/.exec(stored.stdout)![1]);
    // As if its processing had failed earlier.
    await db.update(inboundMessages).set({ status: "failed", error: "earlier failure" }).where(eq(inboundMessages.id, id));

    const result = await helpdesk("mail:reprocess", "--id", String(id));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`message ${id}: new_ticket`);
    expect(result.stdout).toMatch(/1 failed message\(s\) retried, 0 still failing/);
    const [row] = await db.select({ status: inboundMessages.status, error: inboundMessages.error }).from(inboundMessages).where(eq(inboundMessages.id, id));
    expect(row).toEqual({ status: "processed", error: null });
  });
});
