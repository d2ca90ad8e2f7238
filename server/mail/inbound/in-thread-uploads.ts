import type { Db } from "../../../db/client";
import { isConnectionError } from "../../../db/errors";
import { TemporaryMailError, type StoredMessage, type UploadTarget } from "./mail-worker-pool";
import { storeInboundMessage } from "./store-inbound-message";

/**
 * Uploads that the receiving thread stores itself: for the SMTP worker thread, which receives
 * a message and stores it without handing its bytes to another thread, and keeps them for
 * processing. An unreachable database is a `TemporaryMailError`, as from the mail workers.
 */
export function inThreadUploads(db: Db): UploadTarget<StoredMessage & { raw: Buffer }> {
  return {
    upload() {
      let chunks: Buffer[] = [];
      return {
        write: (chunk) => void chunks.push(chunk),
        store: async (source, envelope) => {
          const raw = Buffer.concat(chunks);
          chunks = [];
          try {
            return { ...(await storeInboundMessage(db, { raw, source, envelope })), raw };
          } catch (error) {
            throw isConnectionError(error) ? new TemporaryMailError(error instanceof Error ? error.message : String(error)) : error;
          }
        },
        abort: () => void (chunks = []),
      };
    },
  };
}
