import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { agentGroups, agents, autoResponses, autoResponseType, followUpPolicy, groups, queueAutoResponses, queues } from "../../db/schema";
import { isUniqueViolation } from "../../db/errors";
import { AlreadyExistsError, InvalidInputError, NotFoundError } from "../errors";
import { unknownPlaceholders } from "../templates/render-template";

export const AUTO_RESPONSE_TYPES = autoResponseType.enumValues;
export type AutoResponseType = (typeof AUTO_RESPONSE_TYPES)[number];

const placeholderText = (max: number) =>
  z
    .string()
    .max(max, `at most ${max} characters`)
    .superRefine((text, context) => {
      const unknown = unknownPlaceholders(text);
      if (unknown.length > 0) context.addIssue({ code: "custom", message: `unknown placeholders: ${unknown.map((name) => `{{${name}}}`).join(", ")}` });
    });

const responseId = z.number().int().positive().nullable();

/**
 * What an administrator sets on a queue (OTRS's queue screen). `address` null: a queue that
 * never mails (it receives only what filters or agents put in it). `autoResponses` names, per
 * type, the auto response the queue sends, or null for none; a type left out stays as it is.
 */
export const queueSettings = z.object({
  name: z.string().trim().min(1, "required").max(200, "at most 200 characters"),
  /** The group whose members may work the queue, by id or name. */
  group: z.union([z.number().int().positive(), z.string().trim().min(1, "required")]),
  address: z
    .email({ error: "an e-mail address" })
    .transform((address) => address.toLowerCase())
    .nullable(),
  unlockTimeoutMinutes: z.number({ error: "a number of minutes" }).int("whole minutes").min(0, "0 (off) or more").max(525_600, "at most a year"),
  followUpPolicy: z.enum(followUpPolicy.enumValues, { error: `one of ${followUpPolicy.enumValues.join(", ")}` }),
  followUpLock: z.boolean(),
  autoResponsesEnabled: z.boolean(),
  salutation: placeholderText(10_000),
  signature: placeholderText(10_000),
  autoResponses: z.object({ reply: responseId.optional(), reject: responseId.optional(), follow_up: responseId.optional(), reply_new_ticket: responseId.optional() }).strict(),
  valid: z.boolean(),
});
export type QueueSettings = z.output<typeof queueSettings>;

/** The group a queue is put in, by id or name. */
export async function resolveGroup(db: Db, ref: number | string): Promise<{ id: number; name: string }> {
  const condition = typeof ref === "number" ? eq(groups.id, ref) : sql`lower(${groups.name}) = lower(${ref})`;
  const [group] = await db.select({ id: groups.id, name: groups.name }).from(groups).where(condition);
  if (!group) throw new InvalidInputError("group", `no group ${ref}`);
  return group;
}

/**
 * Sets the queue's auto response of each type given (null: none). Each must exist and be of
 * that type, so that a queue never answers a rejected follow-up with a "new ticket" text.
 */
export async function assignAutoResponses(tx: Db, queueId: number, assignments: QueueSettings["autoResponses"]): Promise<void> {
  for (const type of AUTO_RESPONSE_TYPES) {
    const id = assignments[type];
    if (id === undefined) continue;
    await tx.delete(queueAutoResponses).where(and(eq(queueAutoResponses.queueId, queueId), eq(queueAutoResponses.type, type)));
    if (id === null) continue;
    const [response] = await tx.select({ type: autoResponses.type }).from(autoResponses).where(eq(autoResponses.id, id));
    if (!response) throw new InvalidInputError(`autoResponses.${type}`, `no auto response ${id}`);
    if (response.type !== type) throw new InvalidInputError(`autoResponses.${type}`, `auto response ${id} is of type ${response.type}, not ${type}`);
    await tx.insert(queueAutoResponses).values({ queueId, type, autoResponseId: id });
  }
}

/**
 * The agents who see queues of these groups: members with any permission, and the admins, who
 * read every queue. Their sockets must be re-roomed when a queue is created or changes group.
 */
export async function agentsSeeingGroups(db: Db, groupIds: number[]): Promise<number[]> {
  const members = groupIds.length === 0 ? [] : await db.selectDistinct({ agentId: agentGroups.agentId }).from(agentGroups).where(inArray(agentGroups.groupId, groupIds));
  const admins = await db.select({ agentId: agents.id }).from(agents).where(and(eq(agents.isAdmin, true), eq(agents.valid, true)));
  return [...new Set([...members, ...admins].map((row) => row.agentId))];
}

/** A queue row locked for the change, or not found. */
export async function lockQueueRow(tx: Db, id: number) {
  const [row] = await tx
    .select({ id: queues.id, name: queues.name, groupId: queues.groupId, catchAll: queues.catchAll, valid: queues.valid })
    .from(queues)
    .where(eq(queues.id, id))
    .for("update");
  if (!row) throw new NotFoundError(`queue ${id}`);
  return row;
}

/** Refusals the queue's unique indexes raise, named for the field at fault. */
export function queueUniqueViolation(error: unknown, input: { name?: string; address?: string | null }): Error | null {
  if (isUniqueViolation(error, "queues_name_key")) return new AlreadyExistsError("name", `queue ${input.name} already exists`);
  if (isUniqueViolation(error, "queues_system_address_key")) return new AlreadyExistsError("address", `${input.address} is already the address of another queue`);
  return null;
}
