import { z } from "zod";
import type { Db } from "../../db/client";
import { isUniqueViolation } from "../../db/errors";
import { groups } from "../../db/schema";
import { AlreadyExistsError } from "../errors";
import { parseInput } from "../validation";

export const addGroupInput = z.object({ name: z.string().trim().min(1, "required").max(100) });

export async function addGroup(db: Db, rawInput: z.input<typeof addGroupInput>): Promise<{ id: number; name: string }> {
  const input = parseInput(addGroupInput, rawInput);
  try {
    const [group] = await db.insert(groups).values({ name: input.name }).returning({ id: groups.id, name: groups.name });
    return group!;
  } catch (error) {
    if (isUniqueViolation(error, "groups_name_key")) throw new AlreadyExistsError("name", `group ${input.name} already exists`);
    throw error;
  }
}
