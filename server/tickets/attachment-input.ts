import { z } from "zod";
import { InvalidInputError, TooLargeError } from "../errors";
import type { NewAttachment } from "./articles";

/** What an article may carry in attachments, together; mail relays commonly take 25 MB with headers. */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/** A file name as shown and downloaded: no directories, no control characters. */
export function safeFilename(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? "";
  const clean = base.replace(/[\u0000-\u001f\u007f"]/g, "").trim().slice(0, 255);
  return clean === "" || clean === "." || clean === ".." ? "attachment" : clean;
}

export const attachmentInput = z.object({
  filename: z.string().min(1, "required").max(1000),
  contentType: z
    .string()
    .regex(/^[\w.+-]+\/[\w.+-]+$/, "a MIME type such as application/pdf")
    .default("application/octet-stream"),
  contentBase64: z.string().regex(/^[A-Za-z0-9+/\r\n]*={0,2}[\r\n]*$/, "base64"),
});

/** Decodes API attachments, refusing more than MAX_ATTACHMENT_BYTES in all. */
export function decodeAttachments(inputs: z.output<typeof attachmentInput>[] = []): NewAttachment[] {
  let total = 0;
  return inputs.map((input, index) => {
    const content = Buffer.from(input.contentBase64, "base64");
    if (content.length === 0 && input.contentBase64.replace(/\s/g, "") !== "") throw new InvalidInputError(`attachments.${index}.contentBase64`, "base64");
    total += content.length;
    if (total > MAX_ATTACHMENT_BYTES) throw new TooLargeError(`attachments: at most ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB in all`);
    return { filename: safeFilename(input.filename), contentType: input.contentType.toLowerCase(), content };
  });
}

/** Files a form sent with an article, refusing more than MAX_ATTACHMENT_BYTES in all; empty file inputs are skipped. */
export async function decodeFormAttachments(entries: FormDataEntryValue[]): Promise<NewAttachment[]> {
  const files = entries.filter((entry): entry is File => typeof entry !== "string" && entry.size > 0);
  const total = files.reduce((sum, file) => sum + file.size, 0);
  if (total > MAX_ATTACHMENT_BYTES) throw new TooLargeError(`attachments: at most ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB in all`);
  return Promise.all(
    files.map(async (file) => ({
      filename: safeFilename(file.name),
      contentType: /^[\w.+-]+\/[\w.+-]+$/.test(file.type) ? file.type.toLowerCase() : "application/octet-stream",
      content: Buffer.from(await file.arrayBuffer()),
    })),
  );
}
