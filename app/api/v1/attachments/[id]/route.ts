import { getDb } from "@/db/client";
import { apiRoute } from "@/server/api/api-route";
import { idParam, parseParam } from "@/server/api/schemas";
import { getAttachment } from "@/server/tickets/get-attachment";

export const dynamic = "force-dynamic";

/** RFC 6266: an ASCII fallback and the UTF-8 name. */
function contentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => {
  const file = await getAttachment(getDb(), actor, parseParam("id", idParam, params.id));
  // Always a download, never rendered in our origin: an HTML or SVG attachment must not run here.
  return new Response(new Uint8Array(file.content), {
    headers: {
      "content-type": file.contentType,
      "content-length": String(file.content.length),
      "content-disposition": contentDisposition(file.filename),
      "x-content-type-options": "nosniff",
      "content-security-policy": "sandbox; default-src 'none'",
      "cache-control": "private, no-store",
    },
  });
});
