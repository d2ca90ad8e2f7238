import { asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { isUniqueViolation } from "../../db/errors";
import { autoResponses, autoResponseType, queueAutoResponses, queues } from "../../db/schema";
import { AlreadyExistsError } from "../errors";
import { unknownPlaceholders } from "../templates/render-template";

const withPlaceholders = (max: number) =>
  z
    .string()
    .max(max, `at most ${max} characters`)
    .refine((text) => text.trim() !== "", "required")
    .superRefine((text, context) => {
      const unknown = unknownPlaceholders(text);
      if (unknown.length > 0) context.addIssue({ code: "custom", message: `unknown placeholders: ${unknown.map((name) => `{{${name}}}`).join(", ")}` });
    });

/**
 * OTRS's auto response: `reply` answers a new ticket, `reject` a follow-up to a closed ticket
 * that the queue rejects, `follow_up` an accepted follow-up, `reply_new_ticket` a follow-up
 * that became a new ticket.
 */
export const autoResponseSettings = z.object({
  name: z.string().trim().min(1, "required").max(200, "at most 200 characters"),
  type: z.enum(autoResponseType.enumValues, { error: `one of ${autoResponseType.enumValues.join(", ")}` }),
  subject: withPlaceholders(1_000),
  body: withPlaceholders(100_000),
  valid: z.boolean(),
});

export type AutoResponseKind = (typeof autoResponseType.enumValues)[number];

export interface AdminAutoResponse {
  id: number;
  name: string;
  type: AutoResponseKind;
  subject: string;
  body: string;
  valid: boolean;
  /** The queues that send it. */
  queues: { id: number; name: string }[];
}

export function autoResponseUniqueViolation(error: unknown, name: string | undefined): Error | null {
  return isUniqueViolation(error, "auto_responses_name_key") ? new AlreadyExistsError("name", `auto response ${name} already exists`) : null;
}

/** Auto responses with the queues that send them, by type and name: all, or those with the given ids. */
export async function selectAdminAutoResponses(db: Db, ids?: number[]): Promise<AdminAutoResponse[]> {
  const rows = await db
    .select()
    .from(autoResponses)
    .where(ids ? inArray(autoResponses.id, ids) : undefined)
    .orderBy(asc(autoResponses.type), asc(sql`lower(${autoResponses.name})`));
  if (rows.length === 0) return [];
  const links = await db
    .select({ autoResponseId: queueAutoResponses.autoResponseId, id: queues.id, name: queues.name })
    .from(queueAutoResponses)
    .innerJoin(queues, eq(queues.id, queueAutoResponses.queueId))
    .where(
      inArray(
        queueAutoResponses.autoResponseId,
        rows.map((row) => row.id),
      ),
    )
    .orderBy(asc(sql`lower(${queues.name})`));
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    type: row.type,
    subject: row.subject,
    body: row.body,
    valid: row.valid,
    queues: links.filter((link) => link.autoResponseId === row.id).map(({ id, name }) => ({ id, name })),
  }));
}
