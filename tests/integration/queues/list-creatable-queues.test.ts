import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { queues } from "../../../db/schema";
import { listCreatableQueues } from "../../../server/queues/list-creatable-queues";
import { actorOf, createAgent, createGroup, createQueue, grant } from "../../support/factories";

describe("listCreatableQueues", () => {
  it("lists the valid queues whose group grants create (or rw), by name", async () => {
    const db = getDb();
    const agent = await createAgent(db);
    const creating = await createGroup(db);
    const reading = await createGroup(db);
    const full = await createGroup(db);
    const b = await createQueue(db, { group: creating.name, name: `B create ${creating.id}` });
    await createQueue(db, { group: reading.name, name: `C read ${reading.id}` });
    const a = await createQueue(db, { group: full.name, name: `a rw ${full.id}` });
    const retired = await createQueue(db, { group: full.name, name: `D retired ${full.id}` });
    await db.update(queues).set({ valid: false }).where(eq(queues.id, retired.id));
    await grant(db, agent, creating, "create");
    await grant(db, agent, reading, "ro");
    await grant(db, agent, full, "rw");

    expect(await listCreatableQueues(db, actorOf(agent))).toEqual([
      { id: a.id, name: a.name, address: a.address },
      { id: b.id, name: b.name, address: b.address },
    ]);
  });
});
