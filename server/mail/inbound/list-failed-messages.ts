import { and, desc, eq, lt, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../../db/client";
import { inboundMessages } from "../../../db/schema";
import { parseInput } from "../../validation";
import type { Envelope } from "./store-inbound-message";
import { RAW_HEAD_BYTES, summarizeRawHeaders } from "./summarize-raw-headers";

export const listFailedMessagesInput = z.object({
  /** Older than this id: the next page. */
  before: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(200).default(50),
});

export interface FailedMessage {
  id: number;
  receivedAt: string;
  source: string;
  size: number;
  envelope: Envelope;
  messageId: string | null;
  subject: string;
  from: string;
  error: string | null;
  attempts: number;
}

/** Inbound messages that failed, newest first, each with its error and what it claims to be (from its headers). */
export async function listFailedMessages(db: Db, rawInput: z.input<typeof listFailedMessagesInput> = {}): Promise<{ messages: FailedMessage[]; nextBefore: number | null }> {
  const input = parseInput(listFailedMessagesInput, rawInput);
  const rows = await db
    .select({
      id: inboundMessages.id,
      receivedAt: inboundMessages.receivedAt,
      source: inboundMessages.source,
      size: inboundMessages.size,
      envelope: inboundMessages.envelope,
      messageId: inboundMessages.messageId,
      error: inboundMessages.error,
      attempts: inboundMessages.attempts,
      // The head only: a failed message may be 25 MB.
      head: sql<Buffer>`substring(${inboundMessages.raw} from 1 for ${RAW_HEAD_BYTES})`,
    })
    .from(inboundMessages)
    .where(and(eq(inboundMessages.status, "failed"), input.before === undefined ? undefined : lt(inboundMessages.id, input.before)))
    .orderBy(desc(inboundMessages.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  return {
    messages: page.map(({ head, receivedAt, envelope, ...row }) => ({ ...row, ...summarizeRawHeaders(Buffer.from(head)), envelope: envelope as Envelope, receivedAt: receivedAt.toISOString() })),
    nextBefore: rows.length > input.limit ? page[page.length - 1]!.id : null,
  };
}
