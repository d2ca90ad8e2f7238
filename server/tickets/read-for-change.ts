import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { preparedQuery } from "../../db/prepared-query";
import { agents, tickets } from "../../db/schema";
import type { Actor } from "../auth/actor";
import { decideTicketAction, effectivePermissions, mayRead, type PermissionSet, type TicketActionRequest } from "../auth/permissions";
import { grantedOnTicketQueueTo } from "../auth/queue-permissions";
import { NotFoundError, type LockOwner } from "../errors";
import { refusal, ticketColumns, type TicketRow } from "./ticket-change";

/** An action the fast paths take in one statement, and what else the table needs to decide it. */
export type FastAction = Pick<TicketActionRequest, "action" | "force">;

export interface ReadForChange {
  ticket: TicketRow;
  permissions: PermissionSet;
}

/** The lock holder as a refusal names it, when the ticket has an owner. */
function holderOf(ticket: Pick<TicketRow, "ownerId">, login: string | null, name: string | null): LockOwner | undefined {
  return ticket.ownerId !== null && login !== null && name !== null ? { id: ticket.ownerId, login, name } : undefined;
}

/** Refuses what the "Permissions and locks" table refuses to `actor` on `ticket` as it stands. */
export async function refuseUnlessAllowed(db: Db, actor: Actor, action: FastAction, permissions: PermissionSet, ticket: TicketRow, holder: LockOwner | undefined): Promise<void> {
  const decision = decideTicketAction({ ...action, actorId: actor.id, permissions, ticket });
  if (!decision.allowed) throw await refusal(db, decision, ticket, holder);
}

/**
 * Reads the ticket with its lock holder and the actor's permissions in one prepared statement,
 * outside any transaction, and refuses what the table refuses: the fast paths of lock and
 * unlock then change it with one conditional statement, against the version read.
 */
export async function readForChange(db: Db, actor: Actor, number: string, action: FastAction): Promise<ReadForChange> {
  const [loaded] = await preparedQuery(db, "read_ticket_for_change", (db) =>
    db
      .select({ ...ticketColumns, granted: grantedOnTicketQueueTo(sql.placeholder("actorId")), holderLogin: agents.login, holderName: agents.name })
      .from(tickets)
      .leftJoin(agents, eq(agents.id, tickets.ownerId))
      .where(eq(tickets.number, sql.placeholder("number")))
      .prepare("read_ticket_for_change"),
  ).execute({ actorId: actor.id, number });
  if (!loaded) throw new NotFoundError("ticket");
  const { granted, holderLogin, holderName, ...ticket } = loaded;
  const permissions = effectivePermissions(granted, actor.isAdmin);
  if (!mayRead(permissions)) throw new NotFoundError("ticket");
  await refuseUnlessAllowed(db, actor, action, permissions, ticket, holderOf(ticket, holderLogin, holderName));
  return { ticket, permissions };
}
