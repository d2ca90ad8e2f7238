import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "../../../../db/client";
import { inboundMessages } from "../../../../db/schema";
import { storeInboundMessage } from "../../../../server/mail/inbound/store-inbound-message";
import { buildMail } from "../../../support/mail";

describe("storing a received message", () => {
  it("keeps it byte for byte with its identity, and never compresses it (pglz would try every byte of every message)", async () => {
    const db = getDb();
    // Text that any compressor would shrink: stored as it is all the same.
    const raw = buildMail({ subject: "Log attached", text: "2026-11-28 01:00:00 INFO the same line again\r\n".repeat(8_000), messageId: "<stored.1@mail.customer.example>" });
    const { id } = await storeInboundMessage(db, { raw, source: "pipe", envelope: { mailFrom: null, rcptTo: [] } });

    const [row] = await db
      .select({ raw: inboundMessages.raw, size: inboundMessages.size, status: inboundMessages.status, messageId: inboundMessages.messageId, compression: sql<string | null>`pg_column_compression(${inboundMessages.raw})` })
      .from(inboundMessages)
      .where(eq(inboundMessages.id, id));
    expect(row!.raw.equals(raw)).toBe(true);
    expect(row).toMatchObject({ size: raw.length, status: "new", messageId: "<stored.1@mail.customer.example>", compression: null });
  });
});
