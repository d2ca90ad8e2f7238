import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { preparedQuery } from "../../db/prepared-query";
import { agents, tickets } from "../../db/schema";
import type { Actor } from "../auth/actor";
import { decideTicketAction, effectivePermissions, mayRead, type TicketActionRequest } from "../auth/permissions";
import { grantedOnTicketQueueTo } from "../auth/queue-permissions";
import { NotFoundError } from "../errors";
import { refusal } from "./ticket-change";

/** An action a one-statement change takes, and what else the table needs to decide it. */
export type FastAction = Pick<TicketActionRequest, "action" | "force">;

/**
 * Refuses what the "Permissions and locks" table refuses to the actor on the ticket as it
 * stands, from one prepared read of the ticket, its lock holder and the actor's permissions,
 * outside any transaction: after a one-statement change took nothing, most often because
 * another agent won the race, the refusal costs that read and never a row lock.
 */
export async function refuseFromRead(db: Db, actor: Actor, number: string, action: FastAction): Promise<void> {
  const [loaded] = await preparedQuery(db, "read_ticket_for_change", (db) =>
    db
      .select({ lock: tickets.lock, ownerId: tickets.ownerId, granted: grantedOnTicketQueueTo(sql.placeholder("actorId")), holderLogin: agents.login, holderName: agents.name })
      .from(tickets)
      .leftJoin(agents, eq(agents.id, tickets.ownerId))
      .where(eq(tickets.number, sql.placeholder("number")))
      .prepare("read_ticket_for_change"),
  ).execute({ actorId: actor.id, number });
  if (!loaded) throw new NotFoundError("ticket");
  const { granted, holderLogin, holderName, ...ticket } = loaded;
  const permissions = effectivePermissions(granted, actor.isAdmin);
  if (!mayRead(permissions)) throw new NotFoundError("ticket");
  const decision = decideTicketAction({ ...action, actorId: actor.id, permissions, ticket });
  const holder = ticket.ownerId !== null && holderLogin !== null && holderName !== null ? { id: ticket.ownerId, login: holderLogin, name: holderName } : undefined;
  if (!decision.allowed) throw await refusal(db, decision, ticket, holder);
}
