import { getDb } from "@/db/client";
import { adminRoute } from "@/server/api/admin-route";
import { idParam, parseParam } from "@/server/api/schemas";
import { findInboundMessage } from "@/server/mail/inbound/find-inbound-message";

export const dynamic = "force-dynamic";

/**
 * The raw source of a stored inbound message, byte for byte, as a download. Always plain text
 * and never sniffed, so that a hostile message cannot run as a page of this site.
 */
export const GET = adminRoute<{ id: string }>(async ({ params }) => {
  const message = await findInboundMessage(getDb(), parseParam("id", idParam, params.id));
  return new Response(new Uint8Array(message.raw), {
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "Content-Disposition": `attachment; filename="inbound-${message.id}.eml"`,
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cache-Control": "no-store",
    },
  });
});
