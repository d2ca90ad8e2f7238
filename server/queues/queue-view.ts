import { and, asc, eq, inArray, ne } from "drizzle-orm";
import type { Db } from "../../db/client";
import { queues } from "../../db/schema";
import type { Actor } from "../auth/actor";
import { mayRead, type Permission } from "../auth/permissions";
import { loadPermissionsOnQueue, loadQueuePermissions } from "../auth/queue-permissions";
import { NotFoundError } from "../errors";
import { listQueueTickets, type QueueFilter, type QueueSort, type QueueTicketsPage } from "../tickets/list-queue-tickets";
import { listTicketStates, type TicketStateTypes } from "../tickets/list-ticket-states";
import { findQueue } from "./find-queue";

export const QUEUE_PAGE_SIZE = 50;

export interface QueueViewInput {
  queueId: number;
  filter: QueueFilter;
  sort: QueueSort;
  cursor?: string;
  before?: string;
  limit?: number;
}

export interface QueueViewData {
  queue: { id: number; name: string };
  filter: QueueFilter;
  sort: QueueSort;
  limit: number;
  /** Whether this page was reached with a cursor: the first page takes every ticket older than its last. */
  firstPage: boolean;
  page: QueueTicketsPage;
  /** The actor's permissions on the queue, for offering only what the server would allow. */
  permissions: Permission[];
  /** Where the actor may move tickets to (move_into), this queue left out. */
  moveTargets: { id: number; name: string }[];
  /** Each state's type, so that the page can tell from an event whether a ticket is still open. */
  stateTypes: TicketStateTypes;
  /** When the tickets were read (ms): the ages shown are reckoned from it until the page's clock runs. */
  readAt: number;
}

/** What the queue view shows of a queue the actor may read; one they may not read is not found. */
export async function loadQueueView(db: Db, actor: Actor, input: QueueViewInput): Promise<QueueViewData> {
  const queue = await findQueue(db, input.queueId);
  const permissions = await loadPermissionsOnQueue(db, actor, queue.id);
  if (!mayRead(permissions)) throw new NotFoundError("queue");
  const limit = input.limit ?? QUEUE_PAGE_SIZE;

  const all = await loadQueuePermissions(db, actor);
  const targetIds = [...all].filter(([id, held]) => id !== queue.id && held.has("move_into")).map(([id]) => id);
  const [page, moveTargets, stateTypes] = await Promise.all([
    listQueueTickets(db, { queueId: queue.id, filter: input.filter, sort: input.sort, after: input.cursor, before: input.before, limit }),
    targetIds.length === 0
      ? Promise.resolve([])
      : db.select({ id: queues.id, name: queues.name }).from(queues).where(and(inArray(queues.id, targetIds), eq(queues.valid, true), ne(queues.id, queue.id))).orderBy(asc(queues.name)),
    listTicketStates(db),
  ]);
  return {
    queue: { id: queue.id, name: queue.name },
    filter: input.filter,
    sort: input.sort,
    limit,
    firstPage: page.prevCursor === null,
    page,
    permissions: [...permissions],
    moveTargets,
    stateTypes,
    readAt: Date.now(),
  };
}
