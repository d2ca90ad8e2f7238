import type { Database } from "../../db/client";
import type { Actor } from "../../server/auth/actor";
import type { Permission } from "../../server/auth/permissions";
import { actorOf, createAgent, createGroup, createQueue, createTestTicket, grant, type TicketOptions } from "./factories";

export interface Scene {
  db: Database;
  group: { id: number; name: string };
  queue: { id: number; name: string; address: string };
  /** An agent with the given permissions on the scene's group. */
  agent(...permissions: Permission[]): Promise<Actor>;
  ticket(options?: Partial<TicketOptions>): ReturnType<typeof createTestTicket>;
}

/** A group with one queue, and a way to make agents and tickets in it. */
export async function createScene(db: Database): Promise<Scene> {
  const group = await createGroup(db);
  const queue = await createQueue(db, { group: group.name });
  return {
    db,
    group,
    queue,
    async agent(...permissions) {
      const agent = await createAgent(db);
      await grant(db, agent, group, ...permissions);
      return actorOf(agent);
    },
    ticket: (options = {}) => createTestTicket(db, { queue: queue.id, ...options }),
  };
}
