import { eq } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { inboundMessages } from "../../../db/schema";
import { NotFoundError } from "../../errors";
import type { FailedMessage } from "./list-failed-messages";
import type { Envelope } from "./store-inbound-message";
import { summarizeRawHeaders } from "./summarize-raw-headers";

export interface InboundMessageDetails extends FailedMessage {
  status: "new" | "processed" | "duplicate" | "failed";
  processedAt: string | null;
  ticketId: number | null;
  /** The RFC 822 source exactly as received: shown only as text, never rendered. */
  raw: Buffer;
}

/** One stored inbound message with its raw source, for the admin page and its download. */
export async function findInboundMessage(db: Db, id: number): Promise<InboundMessageDetails> {
  const [row] = await db.select().from(inboundMessages).where(eq(inboundMessages.id, id));
  if (!row) throw new NotFoundError(`inbound message ${id}`);
  const { bodyHash: _bodyHash, receivedAt, processedAt, envelope, raw, ...rest } = row;
  return { ...rest, ...summarizeRawHeaders(raw), envelope: envelope as Envelope, raw, receivedAt: receivedAt.toISOString(), processedAt: processedAt?.toISOString() ?? null };
}
