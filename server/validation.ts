import type { z } from "zod";
import { InvalidInputError } from "./errors";

/** Parses domain input with its zod schema; the first problem becomes an InvalidInputError naming the field. */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new InvalidInputError(issue.path.join(".") || "input", issue.message);
}
