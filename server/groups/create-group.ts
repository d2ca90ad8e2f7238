import type { z } from "zod";
import type { Db } from "../../db/client";
import { assertAdmin } from "../audit/admin-transaction";
import { recordAudit } from "../audit/record-audit";
import type { Actor } from "../auth/actor";
import { parseInput } from "../validation";
import { addGroup, addGroupInput } from "./add-group";

/** An administrator creates a group (the admin page and API; the CLI uses `addGroup`), audited. */
export async function createGroup(db: Db, actor: Actor, rawInput: z.input<typeof addGroupInput>): Promise<{ id: number; name: string }> {
  assertAdmin(actor);
  const input = parseInput(addGroupInput, rawInput);
  return db.transaction(async (tx) => {
    const group = await addGroup(tx, input);
    await recordAudit(tx, { actorId: actor.id, action: "group.create", target: `group:${group.id}`, details: { name: group.name } });
    return group;
  });
}
