import postgres from "postgres";

/** The PostgreSQL error behind a failed query, unwrapping drizzle's DrizzleQueryError. */
export function postgresErrorOf(error: unknown): postgres.PostgresError | null {
  for (let current = error; current instanceof Error; current = current.cause) {
    if (current instanceof postgres.PostgresError) return current;
  }
  return null;
}

export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const cause = postgresErrorOf(error);
  return cause?.code === "23505" && cause.constraint_name === constraint;
}

/** The innermost cause: what actually went wrong, without drizzle's query text around it. */
export function rootCause(error: unknown): unknown {
  let current = error;
  while (current instanceof Error && current.cause !== undefined) current = current.cause;
  return current;
}

/** The database could not be reached (refused, reset, timed out) rather than refused the query. */
export function isConnectionError(error: unknown): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    const code = (current as NodeJS.ErrnoException).code;
    if (code && ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EHOSTUNREACH", "CONNECT_TIMEOUT", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "57P01", "57P03"].includes(code)) return true;
  }
  return false;
}
