import type { NewAttachment } from "../articles";

/** The stored raw message an arrival comes from. */
export interface InboundRef {
  id: number;
  messageId: string | null;
  bodyHash: string;
}

/** An incoming message as the ticket engine stores it: already parsed, sanitised and routed. */
export interface MailArrival {
  inbound: InboundRef;
  article: {
    from: string;
    replyTo: string | null;
    to: string;
    cc: string | null;
    subject: string;
    bodyText: string;
    bodyHtml: string | null;
    messageId: string | null;
    inReplyTo: string | null;
    references: string | null;
    attachments: NewAttachment[];
  };
  customer: { email: string; name: string | null };
  /** Loop protection's and the filters' verdict: may the helpdesk answer this sender by itself? */
  autoRespond: boolean;
  /** Where an auto response goes: Reply-To, else From. */
  respondTo: string;
}

export type ReceiveOutcome =
  | { kind: "new_ticket" | "follow_up" | "rejected_follow_up" | "follow_up_new_ticket" | "bounce"; ticketId: number; articleId: number }
  | { kind: "duplicate"; ticketId: number | null }
  | { kind: "already_processed" };
