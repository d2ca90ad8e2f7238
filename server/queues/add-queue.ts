import { z } from "zod";
import type { Db } from "../../db/client";
import { isUniqueViolation } from "../../db/errors";
import { followUpPolicy, queues } from "../../db/schema";
import { AlreadyExistsError } from "../errors";
import { findGroupByName } from "../groups/find-group";
import { parseInput } from "../validation";

export const addQueueInput = z.object({
  name: z.string().trim().min(1, "required").max(200),
  group: z.string().trim().min(1, "required"),
  address: z.email().transform((address) => address.toLowerCase()),
  unlockTimeoutMinutes: z.number().int().min(0, "0 (off) or more").max(525_600).default(0),
  followUpPolicy: z.enum(followUpPolicy.enumValues, { error: `one of ${followUpPolicy.enumValues.join(", ")}` }).default("possible"),
});

export async function addQueue(db: Db, rawInput: z.input<typeof addQueueInput>): Promise<{ id: number; name: string; address: string }> {
  const input = parseInput(addQueueInput, rawInput);
  const group = await findGroupByName(db, input.group);
  try {
    const [queue] = await db
      .insert(queues)
      .values({
        name: input.name,
        groupId: group.id,
        systemAddress: input.address,
        unlockTimeoutMinutes: input.unlockTimeoutMinutes,
        followUpPolicy: input.followUpPolicy,
      })
      .returning({ id: queues.id, name: queues.name });
    return { ...queue!, address: input.address };
  } catch (error) {
    if (isUniqueViolation(error, "queues_name_key")) throw new AlreadyExistsError("name", `queue ${input.name} already exists`);
    if (isUniqueViolation(error, "queues_system_address_key")) throw new AlreadyExistsError("address", `${input.address} is already the address of another queue`);
    throw error;
  }
}
