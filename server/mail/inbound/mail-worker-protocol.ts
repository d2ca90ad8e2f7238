import type { ProcessResult } from "./process-inbound-message";
import type { Envelope, InboundSource } from "./store-inbound-message";

/** Main thread → mail worker. A message's bytes arrive as chunks, so the main thread never holds them whole. */
export type WorkerRequest =
  | { type: "chunk"; requestId: number; chunk: Uint8Array }
  | { type: "store"; requestId: number; source: InboundSource; envelope: Envelope }
  | { type: "abort"; requestId: number }
  /** `raw`: the stored bytes when the caller has them (else they are read from the database). */
  | { type: "process"; requestId: number; id: number; raw?: Uint8Array<ArrayBuffer> };

/** Mail worker → main thread. `temporary` marks a failure worth retrying (the database is unreachable). */
export type WorkerResponse =
  | { requestId: number; ok: true; stored: { id: number } }
  | { requestId: number; ok: true; processed: ProcessResult }
  | { requestId: number; ok: false; error: string; temporary: boolean };
