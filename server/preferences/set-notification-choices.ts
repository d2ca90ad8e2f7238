import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { agentNotificationPreferences } from "../../db/schema";
import { parseInput } from "../validation";
import { NOTIFICATION_EVENT_NAMES, type NotificationChoice } from "./notification-events";

export const setNotificationChoicesInput = z.object({
  agentId: z.number().int().positive(),
  choices: z
    .array(z.object({ event: z.enum(NOTIFICATION_EVENT_NAMES, { error: `one of ${NOTIFICATION_EVENT_NAMES.join(", ")}` }), inApp: z.boolean(), email: z.boolean() }))
    .max(NOTIFICATION_EVENT_NAMES.length * 2),
});

/** An agent's choice, per event, of in-app and mail notifications; events left out keep the defaults. */
export async function setNotificationChoices(db: Db, rawInput: z.input<typeof setNotificationChoicesInput>): Promise<NotificationChoice[]> {
  const input = parseInput(setNotificationChoicesInput, rawInput);
  const choices = [...new Map(input.choices.map((choice) => [choice.event, choice])).values()];
  return db.transaction(async (tx) => {
    await tx.delete(agentNotificationPreferences).where(eq(agentNotificationPreferences.agentId, input.agentId));
    if (choices.length > 0) await tx.insert(agentNotificationPreferences).values(choices.map((choice) => ({ agentId: input.agentId, ...choice })));
    return choices;
  });
}
