import { unstable_rethrow } from "next/navigation";
import { isConnectionError } from "../../db/errors";
import { DomainError, InvalidInputError, TicketLockedError, VersionConflictError, type LockOwner } from "../errors";

/** What a server action answers: its value, or why not — never a thrown error the page cannot show. */
export type ActionResult<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string; field?: string; owner?: LockOwner } };

/**
 * Runs a server action's work and turns a refusal into an answer the page shows as it is
 * (the same codes as the API); an unexpected failure is logged and answered without internals.
 */
export async function actionResult<T>(work: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    // A redirect (to the login page, when the session ended) is Next's to carry out.
    unstable_rethrow(error);
    if (error instanceof TicketLockedError) return { ok: false, error: { code: error.code, message: error.message, owner: error.owner } };
    if (error instanceof InvalidInputError) return { ok: false, error: { code: error.code, message: error.message, field: error.field } };
    if (error instanceof VersionConflictError || error instanceof DomainError) return { ok: false, error: { code: error.code, message: error.message } };
    if (isConnectionError(error)) return { ok: false, error: { code: "unavailable", message: "The database is unreachable; try again in a moment." } };
    console.error("[action] unexpected error", error);
    return { ok: false, error: { code: "internal", message: "Something went wrong; the change was not made." } };
  }
}
