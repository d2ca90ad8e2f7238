import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { agents } from "../../db/schema";
import { NotFoundError } from "../errors";
import { parseInput } from "../validation";
import { timeZoneInput } from "./time-zone";

export const setTimeZoneInput = z.object({ agentId: z.number().int().positive(), timezone: timeZoneInput });

/** An agent picks the zone their times are shown in (null: the helpdesk's default). */
export async function setTimeZone(db: Db, rawInput: z.input<typeof setTimeZoneInput>): Promise<{ timezone: string | null }> {
  const input = parseInput(setTimeZoneInput, rawInput);
  const updated = await db.update(agents).set({ timezone: input.timezone, updatedAt: sql`now()` }).where(eq(agents.id, input.agentId)).returning({ timezone: agents.timezone });
  if (updated.length === 0) throw new NotFoundError(`agent ${input.agentId}`);
  return updated[0]!;
}
