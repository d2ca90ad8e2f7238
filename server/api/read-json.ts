import type { z } from "zod";
import { InvalidInputError, TooLargeError } from "../errors";
import { parseInput } from "../validation";

/** Plain JSON requests; routes that take attachments pass a larger limit. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

async function readText(request: Request, maxBytes: number): Promise<string> {
  const length = request.headers.get("content-length");
  const declared = Number(length ?? "0");
  if (declared > maxBytes) throw new TooLargeError(`the request body is over ${maxBytes} bytes`);
  // A declared empty body is not read: the web stream around it costs more than the request's own work.
  if (!request.body || length === "0") return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new TooLargeError(`the request body is over ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * The request's JSON body, validated: over the size limit is `too_large`, anything else wrong
 * is `invalid` naming the field. An empty body counts as `{}`.
 */
export async function readJson<Schema extends z.ZodType>(request: Request, schema: Schema, maxBytes = DEFAULT_MAX_BODY_BYTES): Promise<z.output<Schema>> {
  const text = await readText(request, maxBytes);
  let value: unknown = {};
  if (text.trim() !== "") {
    try {
      value = JSON.parse(text);
    } catch {
      throw new InvalidInputError("body", "not valid JSON");
    }
    // Every body is an object; `[]`, `null` or `"text"` would otherwise be blamed on no field at all.
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw new InvalidInputError("body", "a JSON object");
  }
  return parseInput(schema, value);
}

/** The query string as an object, for a zod schema. */
export function readQuery(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}
