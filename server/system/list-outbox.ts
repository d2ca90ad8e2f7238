import { and, desc, eq, isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { outbox, tickets } from "../../db/schema";
import { parseInput } from "../validation";

export const OUTBOX_STATUSES = ["queued", "failed", "sent"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export const listOutboxInput = z.object({
  status: z.enum(OUTBOX_STATUSES, { error: `one of ${OUTBOX_STATUSES.join(", ")}` }).default("queued"),
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(200).default(25),
});

export interface OutboxEntry {
  id: number;
  ticketNumber: string;
  kind: string;
  recipient: string;
  subject: string;
  messageId: string;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string;
  sentAt: string | null;
  failedAt: string | null;
  createdAt: string;
}

const CONDITION: Record<OutboxStatus, SQL> = {
  queued: and(isNull(outbox.sentAt), isNull(outbox.failedAt))!,
  failed: and(isNull(outbox.sentAt), isNotNull(outbox.failedAt))!,
  sent: isNotNull(outbox.sentAt),
};

/** One page of the outbox in one status, newest first, with how many messages each status holds. */
export async function listOutbox(db: Db, rawInput: z.input<typeof listOutboxInput> = {}): Promise<{ entries: OutboxEntry[]; counts: Record<OutboxStatus, number>; page: number; pageSize: number }> {
  const input = parseInput(listOutboxInput, rawInput);
  const [counts] = await db
    .select({
      queued: sql<number>`(count(*) filter (where ${CONDITION.queued}))::int`,
      failed: sql<number>`(count(*) filter (where ${CONDITION.failed}))::int`,
      sent: sql<number>`(count(*) filter (where ${CONDITION.sent}))::int`,
    })
    .from(outbox);
  const rows = await db
    .select({
      id: outbox.id,
      ticketNumber: tickets.number,
      kind: outbox.kind,
      recipient: outbox.recipient,
      subject: sql<string>`coalesce(${outbox.message}->>'subject', '')`,
      messageId: outbox.messageId,
      attempts: outbox.attempts,
      lastError: outbox.lastError,
      nextAttemptAt: outbox.nextAttemptAt,
      sentAt: outbox.sentAt,
      failedAt: outbox.failedAt,
      createdAt: outbox.createdAt,
    })
    .from(outbox)
    .innerJoin(tickets, eq(tickets.id, outbox.ticketId))
    .where(CONDITION[input.status])
    .orderBy(desc(outbox.id))
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize);
  return {
    entries: rows.map((row) => ({
      ...row,
      nextAttemptAt: row.nextAttemptAt.toISOString(),
      sentAt: row.sentAt?.toISOString() ?? null,
      failedAt: row.failedAt?.toISOString() ?? null,
      createdAt: row.createdAt.toISOString(),
    })),
    counts: counts!,
    page: input.page,
    pageSize: input.pageSize,
  };
}
