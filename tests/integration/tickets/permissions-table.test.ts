/**
 * CONTRACT.md "Permissions and locks", run through the real operations against PostgreSQL:
 * every row, for each permission type, for none, and for `ro` with each of the others, with
 * the ticket unlocked, locked by the caller and locked by another agent. A refusal must also
 * leave the ticket untouched: no history row, same version.
 */
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb, type Database } from "../../../db/client";
import { ticketHistory, tickets } from "../../../db/schema";
import type { Actor } from "../../../server/auth/actor";
import { PERMISSIONS, type Permission } from "../../../server/auth/permissions";
import { ForbiddenError, NotFoundError, TicketLockedError } from "../../../server/errors";
import { addNote } from "../../../server/tickets/add-note";
import { changeOwner } from "../../../server/tickets/change-owner";
import { changePriority } from "../../../server/tickets/change-priority";
import { changeState } from "../../../server/tickets/change-state";
import { changeTitle } from "../../../server/tickets/change-title";
import { createTicket } from "../../../server/tickets/create-ticket";
import { getAttachment } from "../../../server/tickets/get-attachment";
import { getTicket, getTicketHistory } from "../../../server/tickets/get-ticket";
import { lockTicket } from "../../../server/tickets/lock-ticket";
import { mergeTickets } from "../../../server/tickets/merge-tickets";
import { moveTicket } from "../../../server/tickets/move-ticket";
import { replyToTicket } from "../../../server/tickets/reply-to-ticket";
import { splitArticle } from "../../../server/tickets/split-article";
import { unlockTicket } from "../../../server/tickets/unlock-ticket";
import type { ApiTicket } from "../../../server/tickets/ticket-view";
import { createGroup, createQueue, grant } from "../../support/factories";
import { createScene, type Scene } from "../../support/scene";

type Outcome = "allowed" | "not_found" | "forbidden" | "locked";
type LockSituation = "unlocked" | "locked by the caller" | "locked by another";

const ACTIONS = ["read", "history", "attachments", "lock", "reply", "state", "pending time", "priority", "title", "merge", "split", "note", "move", "owner", "unlock", "unlock with force"] as const;
type Action = (typeof ACTIONS)[number];

/** The table, as CONTRACT.md words it: what the caller holds on the queue → the answer. */
function expected(action: Action, held: ReadonlySet<Permission>, lock: LockSituation): Outcome {
  const has = (permission: Permission) => held.has(permission) || held.has("rw");
  if (!has("ro")) return "not_found";
  const byOther = lock === "locked by another";
  switch (action) {
    case "read":
    case "history":
    case "attachments":
      return "allowed";
    case "note":
      return has("note") ? "allowed" : "forbidden";
    case "owner":
      return has("owner") ? "allowed" : "forbidden";
    case "priority":
      return !has("priority") ? "forbidden" : byOther ? "locked" : "allowed";
    case "move":
      return !has("rw") ? "forbidden" : byOther && !has("owner") ? "locked" : "allowed";
    case "unlock":
    case "unlock with force":
      if (lock === "unlocked") return has("rw") ? "allowed" : "forbidden";
      if (lock === "locked by the caller") return "allowed";
      return action === "unlock with force" && has("owner") ? "allowed" : "locked";
    default:
      return !has("rw") ? "forbidden" : byOther ? "locked" : "allowed";
  }
}

const PERMISSION_SETS: Permission[][] = [[], ...PERMISSIONS.map((permission) => [permission]), ...PERMISSIONS.filter((p) => p !== "ro" && p !== "rw").map((permission) => ["ro" as const, permission])];
const LOCKS: LockSituation[] = ["unlocked", "locked by the caller", "locked by another"];

let scene: Scene;
let db: Database;
let other: Actor;
let assignee: Actor;
let targetGroup: { id: number; name: string };
let targetQueueId: number;

beforeAll(async () => {
  db = getDb();
  scene = await createScene(db);
  other = await scene.agent("rw");
  assignee = await scene.agent("rw");
  targetGroup = await createGroup(db);
  targetQueueId = (await createQueue(db, { group: targetGroup.name })).id;
});

async function perform(action: Action, actor: Actor, ticket: ApiTicket, extra: { articleId: number; attachmentId: number; mergeTarget: string }): Promise<unknown> {
  const number = ticket.number;
  switch (action) {
    case "read":
      return getTicket(db, actor, number);
    case "history":
      return getTicketHistory(db, actor, number);
    case "attachments":
      return getAttachment(db, actor, extra.attachmentId);
    case "lock":
      return lockTicket(db, { actor, number });
    case "reply":
      return replyToTicket(db, { actor, number, body: "An answer" });
    case "state":
      return changeState(db, { actor, number, state: "closed successful" });
    case "pending time":
      return changeState(db, { actor, number, pendingUntil: new Date(Date.now() + 7_200_000) });
    case "priority":
      return changePriority(db, { actor, number, priority: 5 });
    case "title":
      return changeTitle(db, { actor, number, title: "Renamed" });
    case "merge":
      return mergeTickets(db, { actor, number, into: extra.mergeTarget });
    case "split":
      return splitArticle(db, { actor, number, articleId: extra.articleId });
    case "note":
      return addNote(db, { actor, number, body: "A note" });
    case "move":
      return moveTicket(db, { actor, number, queue: targetQueueId });
    case "owner":
      return changeOwner(db, { actor, number, owner: assignee.login });
    case "unlock":
      return unlockTicket(db, { actor, number });
    case "unlock with force":
      return unlockTicket(db, { actor, number, force: true });
  }
}

function outcomeOf(result: PromiseSettledResult<unknown>): Outcome | string {
  if (result.status === "fulfilled") return "allowed";
  if (result.reason instanceof NotFoundError) return "not_found";
  if (result.reason instanceof ForbiddenError) return "forbidden";
  if (result.reason instanceof TicketLockedError) return "locked";
  return `unexpected ${String(result.reason)}`;
}

let creator: Actor;

/** A ticket in the lock situation asked for, with what the action needs (a pending time, a file, a merge target). */
async function prepare(action: Action, actor: Actor, lock: LockSituation) {
  creator ??= await scene.agent("rw");
  const ticket = await scene.ticket({ actor: creator });
  const [phoneCall] = (await getTicket(db, creator, ticket.number)).articles;
  const extra = { articleId: phoneCall!.id, attachmentId: 0, mergeTarget: "" };
  if (action === "pending time") await changeState(db, { actor: creator, number: ticket.number, state: "pending reminder", pendingUntil: new Date(Date.now() + 3_600_000) });
  if (action === "attachments") {
    const note = await addNote(db, { actor: creator, number: ticket.number, body: "with file", attachments: [{ filename: "f.txt", contentType: "text/plain", content: Buffer.from("f") }] });
    extra.attachmentId = note.attachments[0]!.id;
  }
  if (action === "merge") extra.mergeTarget = (await scene.ticket({ actor: creator })).number;
  const holder = lock === "locked by the caller" ? actor.id : lock === "locked by another" ? other.id : null;
  if (holder !== null) await db.update(tickets).set({ lock: "locked", ownerId: holder }).where(eq(tickets.id, ticket.id));
  return { ticket, extra };
}

async function footprint(ticketId: number) {
  const [row] = await db
    .select({ version: tickets.version, history: sql<number>`(select count(*) from ${ticketHistory} where ${ticketHistory.ticketId} = ${ticketId})::int` })
    .from(tickets)
    .where(eq(tickets.id, ticketId));
  return row!;
}

describe("the Permissions and locks table, through the operations", () => {
  for (const permissions of PERMISSION_SETS) {
    const label = permissions.length === 0 ? "no permission" : permissions.join("+");
    it(`${label}: every action in every lock situation`, async () => {
      const actor = await scene.agent(...permissions);
      await grant(db, actor, targetGroup, "move_into");
      const held = new Set(permissions);
      const mismatches: string[] = [];
      for (const lock of LOCKS) {
        for (const action of ACTIONS) {
          const { ticket, extra } = await prepare(action, actor, lock);
          const before = await footprint(ticket.id);
          const outcome = outcomeOf(await Promise.allSettled([perform(action, actor, ticket, extra)]).then((results) => results[0]!));
          const want = expected(action, held, lock);
          if (outcome !== want) mismatches.push(`${action} / ${lock}: got ${outcome}, want ${want}`);
          if (want !== "allowed") {
            const after = await footprint(ticket.id);
            if (after.version !== before.version || after.history !== before.history) mismatches.push(`${action} / ${lock}: refused but wrote (version ${before.version}→${after.version}, history ${before.history}→${after.history})`);
          }
        }
      }
      expect(mismatches).toEqual([]);
    });
  }

  it("create in a queue: create (or rw) allows, ro alone is forbidden, otherwise not found", async () => {
    for (const permissions of PERMISSION_SETS) {
      const actor = await scene.agent(...permissions);
      const held = new Set(permissions);
      const want: Outcome = held.has("create") || held.has("rw") ? "allowed" : held.has("ro") ? "forbidden" : "not_found";
      const [result] = await Promise.allSettled([createTicket(db, { actor, queue: scene.queue.id, title: "New", customer: { email: "table@example.com" }, body: "b" })]);
      expect(`${permissions.join("+")}: ${outcomeOf(result!)}`).toBe(`${permissions.join("+")}: ${want}`);
    }
  });
});
