import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { articles, tickets, ticketStates } from "../../db/schema";
import type { Actor } from "../auth/actor";
import { decideTicketAction, mayRead } from "../auth/permissions";
import { loadPermissionsOnQueue } from "../auth/queue-permissions";
import { InvalidInputError, NotFoundError } from "../errors";
import { searchWords } from "./search-vector";
import { changeTicket, refusal } from "./ticket-change";
import { loadTicketView, type ApiTicket } from "./ticket-view";

export interface MergeInput {
  actor: Actor;
  /** The ticket that is merged away. */
  number: string;
  /** The ticket it is merged into, which keeps every article. */
  into: string;
  version?: number;
}

/**
 * Merges a ticket into another, as OTRS: its articles move to the target, it becomes `merged`
 * (unlocked, pointing at the target), and both tickets' history tells it. Needs `rw` on both.
 */
export async function mergeTickets(db: Db, input: MergeInput): Promise<ApiTicket> {
  if (input.into === input.number) throw new InvalidInputError("into", "a ticket cannot be merged into itself");
  const { result: targetId } = await changeTicket(db, { ...input, alsoLock: [input.into] }, async (change) => {
    await change.require("merge");
    const target = change.others.get(input.into);
    const targetPermissions = target ? await loadPermissionsOnQueue(change.tx, change.actor, target.queueId) : null;
    if (!target || !targetPermissions || !mayRead(targetPermissions)) throw new NotFoundError("target ticket");
    const onTarget = decideTicketAction({ action: "merge", actorId: change.actor.id, permissions: targetPermissions, ticket: { lock: "unlocked", ownerId: null } });
    if (!onTarget.allowed) throw await refusal(change.tx, onTarget, target);
    if (change.ticket.stateType === "merged") throw new InvalidInputError("number", `ticket ${change.ticket.number} is already merged`);
    if (target.stateType === "merged") throw new InvalidInputError("into", `ticket ${target.number} is merged itself`);

    await change.tx.update(articles).set({ ticketId: target.id }).where(eq(articles.ticketId, change.ticket.id));
    const [merged] = await change.tx.select().from(ticketStates).where(eq(ticketStates.type, "merged")).limit(1);
    const source = change.ticket;
    // The target takes the source's words first: the source keeps only its title, its articles are gone.
    await change.update({ searchVector: sql`${tickets.searchVector} || (select ${tickets.searchVector} from ${tickets} where ${tickets.id} = ${source.id})` }, target.id);
    await change.update({ state: merged!.name, stateType: "merged", lock: "unlocked", mergedIntoId: target.id, pendingUntil: null, searchVector: searchWords(source.title) });
    change.record({ type: "Merged", name: `merged into ${target.number}`, changes: source.lock === "locked" ? ["state", "lock"] : ["state"] });
    change.record({ ticketId: target.id, type: "Merged", name: `${source.number} merged into this ticket` });
    return target.id;
  });
  return loadTicketView(db, targetId);
}
