/**
 * A mail worker thread: stores received messages and processes them — the parsing, and the
 * encoding of a 25 MB bytea by postgres.js, happen here, never on the event loop of the
 * server process that also runs the realtime sidecar.
 */
import { parentPort, workerData } from "node:worker_threads";
import { connect } from "../../../db/client";
import { isConnectionError, rootCause } from "../../../db/errors";
import type { WorkerRequest, WorkerResponse } from "./mail-worker-protocol";
import { processInboundMessage } from "./process-inbound-message";
import { storeInboundMessage } from "./store-inbound-message";

const { databaseUrl } = workerData as { databaseUrl: string };
const db = connect(databaseUrl, { max: 4, applicationName: "helpdesk-mail-worker" });
const pending = new Map<number, Uint8Array[]>();
const port = parentPort!;

function reply(response: WorkerResponse) {
  port.postMessage(response);
}

function failure(requestId: number, error: unknown): WorkerResponse {
  const cause = rootCause(error);
  return { requestId, ok: false, error: cause instanceof Error ? cause.message : String(cause), temporary: isConnectionError(error) };
}

port.on("message", (request: WorkerRequest) => {
  switch (request.type) {
    case "chunk": {
      const chunks = pending.get(request.requestId) ?? [];
      chunks.push(request.chunk);
      pending.set(request.requestId, chunks);
      return;
    }
    case "abort":
      pending.delete(request.requestId);
      return;
    case "store": {
      const raw = Buffer.concat(pending.get(request.requestId) ?? []);
      pending.delete(request.requestId);
      storeInboundMessage(db, { raw, source: request.source, envelope: request.envelope }).then(
        (stored) => reply({ requestId: request.requestId, ok: true, stored }),
        (error: unknown) => reply(failure(request.requestId, error)),
      );
      return;
    }
    case "process":
      processInboundMessage(db, request.id, request.raw ? { raw: Buffer.from(request.raw.buffer, request.raw.byteOffset, request.raw.byteLength) } : {}).then(
        (processed) => reply({ requestId: request.requestId, ok: true, processed }),
        (error: unknown) => reply(failure(request.requestId, error)),
      );
  }
});
