import { autoResponses, queueAutoResponses } from "../../db/schema";
import type { Database } from "../../db/client";

/** Gives the queue an auto response of every type (subject and body name the type). */
export async function enableAutoResponses(db: Database, queueId: number): Promise<void> {
  for (const type of ["reply", "reject", "follow_up", "reply_new_ticket"] as const) {
    const [response] = await db
      .insert(autoResponses)
      .values({ name: `${type} for queue ${queueId}`, type, subject: `auto ${type}: {{article.subject}}`, body: `auto ${type} for {{ticket.number}}` })
      .returning({ id: autoResponses.id });
    await db.insert(queueAutoResponses).values({ queueId, type, autoResponseId: response!.id });
  }
}
