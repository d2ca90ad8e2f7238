import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { templateQueues, templates } from "../../db/schema";
import type { Actor } from "../auth/actor";
import { mayRead } from "../auth/permissions";
import { loadPermissionsOnQueue } from "../auth/queue-permissions";
import { NotFoundError } from "../errors";
import { findQueue } from "../queues/find-queue";

export interface ApiTemplate {
  id: number;
  name: string;
  kind: string;
  body: string;
}

const columns = { id: templates.id, name: templates.name, kind: templates.kind, body: templates.body };

/** The valid templates a queue offers, by name; a queue the actor may not read is not found. */
export async function listTemplatesForQueue(db: Db, actor: Actor, queueRef: number | string): Promise<ApiTemplate[]> {
  const queue = await findQueue(db, queueRef);
  if (!mayRead(await loadPermissionsOnQueue(db, actor, queue.id))) throw new NotFoundError("queue");
  return db
    .select(columns)
    .from(templates)
    .innerJoin(templateQueues, eq(templateQueues.templateId, templates.id))
    .where(and(eq(templateQueues.queueId, queue.id), eq(templates.valid, true)))
    .orderBy(asc(templates.name));
}

/** A valid template that the queue offers, for composing in it. */
export async function findTemplateForQueue(db: Db, templateId: number, queueId: number): Promise<ApiTemplate | null> {
  const [template] = await db
    .select(columns)
    .from(templates)
    .innerJoin(templateQueues, and(eq(templateQueues.templateId, templates.id), eq(templateQueues.queueId, queueId)))
    .where(and(eq(templates.id, templateId), eq(templates.valid, true)));
  return template ?? null;
}
