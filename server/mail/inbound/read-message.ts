import { MalformedMessageError, MessageTooLargeError } from "./errors";
import { MAX_MESSAGE_BYTES } from "./store-inbound-message";

/** A whole message from a stream (an MTA's pipe), refusing more than the SMTP server would. */
export async function readMessage(input: NodeJS.ReadableStream, maxBytes = MAX_MESSAGE_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > maxBytes) throw new MessageTooLargeError(`the message is over ${maxBytes} bytes`);
    chunks.push(buffer);
  }
  if (size === 0) throw new MalformedMessageError("no message on standard input");
  return Buffer.concat(chunks);
}
