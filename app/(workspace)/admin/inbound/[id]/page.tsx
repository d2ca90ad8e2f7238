import type { Metadata } from "next";
import Link from "next/link";
import { ReprocessButton } from "@/components/admin/ReprocessButton";
import { Timestamp } from "@/components/admin/Timestamp";
import { secondaryButtonClass } from "@/components/admin/form-styles";
import { getDb } from "@/db/client";
import { foundOrNotFound, idOrNotFound } from "@/lib/not-found";
import { requireAdmin } from "@/server/auth/require-admin";
import { findInboundMessage } from "@/server/mail/inbound/find-inbound-message";
import { reprocessInboundAction } from "../actions";

export const metadata: Metadata = { title: "Inbound message" };
export const dynamic = "force-dynamic";

/** What the page shows of the source; the download has all of it. */
const SHOWN_BYTES = 256 * 1024;

export default async function AdminInboundMessagePage({ params }: { params: Promise<{ id: string }> }) {
  await requireAdmin();
  const id = idOrNotFound((await params).id);
  const message = await foundOrNotFound(findInboundMessage(getDb(), id));
  // Shown as text in a <pre>: React escapes it, so the message's HTML is never rendered.
  const source = message.raw.subarray(0, SHOWN_BYTES).toString("utf8");
  return (
    <div className="space-y-4">
      <Link href="/admin/inbound" className="text-sm text-zinc-500 hover:underline">
        ← Failed mail
      </Link>
      <h1 className="text-xl font-semibold">Inbound message {message.id}</h1>
      <dl className="grid grid-cols-[10rem_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-zinc-500">Status</dt>
        <dd data-testid="inbound-status">{message.status}</dd>
        <dt className="text-zinc-500">Received</dt>
        <dd>
          <Timestamp value={message.receivedAt} /> by {message.source}, {message.size} bytes
        </dd>
        <dt className="text-zinc-500">Envelope</dt>
        <dd className="font-mono text-xs">
          from {message.envelope.mailFrom ?? "<>"} to {message.envelope.rcptTo.join(", ") || "—"}
        </dd>
        <dt className="text-zinc-500">From</dt>
        <dd>{message.from || "—"}</dd>
        <dt className="text-zinc-500">Subject</dt>
        <dd>{message.subject || "(no subject)"}</dd>
        <dt className="text-zinc-500">Message-ID</dt>
        <dd className="font-mono text-xs">{message.messageId ?? "—"}</dd>
        <dt className="text-zinc-500">Attempts</dt>
        <dd>{message.attempts}</dd>
        {message.error && (
          <>
            <dt className="text-zinc-500">Error</dt>
            <dd className="text-red-700 dark:text-red-300" data-testid="inbound-error">
              {message.error}
            </dd>
          </>
        )}
      </dl>
      <div className="flex flex-wrap items-start gap-3">
        <ReprocessButton failed={message.status === "failed"} reprocess={reprocessInboundAction.bind(null, message.id)} />
        <a href={`/api/v1/admin/inbound-messages/${message.id}/raw`} download className={secondaryButtonClass}>
          Download raw source
        </a>
      </div>
      <section aria-label="Raw source" className="space-y-1">
        <h2 className="text-sm font-medium">Raw source{message.size > SHOWN_BYTES ? ` (the first ${SHOWN_BYTES / 1024} KB; download for all of it)` : ""}</h2>
        <pre data-testid="raw-source" className="max-h-[32rem] overflow-auto whitespace-pre-wrap break-all rounded bg-zinc-50 p-3 font-mono text-xs dark:bg-zinc-900">
          {source}
        </pre>
      </section>
    </div>
  );
}
