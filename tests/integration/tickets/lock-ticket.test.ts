import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { TicketLockedError, ForbiddenError, NotFoundError, VersionConflictError } from "../../../server/errors";
import { lockTicket } from "../../../server/tickets/lock-ticket";
import { attemptBehindCommit } from "../../support/attempt-behind-commit";
import { historyOf } from "../../support/history";
import { recordingDb } from "../../support/recording-db";
import { createScene, type Scene } from "../../support/scene";

let scene: Scene;
beforeEach(async () => {
  scene = await createScene(getDb());
});

describe("lockTicket", () => {
  it("locks the ticket to the caller, who becomes its owner, with one Lock history row", async () => {
    const alice = await scene.agent("rw");
    const ticket = await scene.ticket();

    const locked = await lockTicket(scene.db, { actor: alice, number: ticket.number });

    expect(locked).toMatchObject({ lock: "locked", owner: { id: alice.id, login: alice.login, name: alice.name }, version: ticket.version + 1 });
    const history = await historyOf(scene.db, ticket.number);
    expect(history.at(-1)).toMatchObject({ type: "Lock", actorId: alice.id, lock: "locked", ownerId: alice.id, changes: ["lock", "owner"] });
    expect(history.at(-1)!.snapshot).toEqual(locked);
  });

  it("changes nothing when the caller already holds the lock", async () => {
    const alice = await scene.agent("rw");
    const ticket = await scene.ticket();
    const first = await lockTicket(scene.db, { actor: alice, number: ticket.number });
    const again = await lockTicket(scene.db, { actor: alice, number: ticket.number });
    expect(again.version).toBe(first.version);
    expect((await historyOf(scene.db, ticket.number)).filter((row) => row.type === "Lock")).toHaveLength(1);
  });

  it("refuses a ticket locked by another agent, naming the owner", async () => {
    const alice = await scene.agent("rw");
    const bob = await scene.agent("rw", "owner");
    const ticket = await scene.ticket();
    await lockTicket(scene.db, { actor: alice, number: ticket.number });

    const error = await lockTicket(scene.db, { actor: bob, number: ticket.number }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TicketLockedError);
    expect((error as TicketLockedError).owner).toEqual({ id: alice.id, login: alice.login, name: alice.name });
  });

  it("needs rw: ro is forbidden, no permission is not found", async () => {
    const reader = await scene.agent("ro", "note", "owner", "priority");
    const stranger = await scene.agent();
    const ticket = await scene.ticket();
    await expect(lockTicket(scene.db, { actor: reader, number: ticket.number })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(lockTicket(scene.db, { actor: stranger, number: ticket.number })).rejects.toBeInstanceOf(NotFoundError);
    await expect(lockTicket(scene.db, { actor: reader, number: "2026112710999999" })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("refuses a stale version", async () => {
    const alice = await scene.agent("rw");
    const ticket = await scene.ticket();
    const error = await lockTicket(scene.db, { actor: alice, number: ticket.number, version: ticket.version - 1 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(VersionConflictError);
    expect((error as VersionConflictError).ticket).toMatchObject({ number: ticket.number, version: ticket.version, lock: "unlocked" });
    expect((await lockTicket(scene.db, { actor: alice, number: ticket.number, version: ticket.version })).lock).toBe("locked");
  });

  it("refuses an agent whose lock waited for another agent's to commit, from one more read and no transaction", async () => {
    const alice = await scene.agent("rw");
    const bob = await scene.agent("rw");
    const ticket = await scene.ticket();
    const bobs = recordingDb("lock-loser");
    try {
      // Alice's lock, committed only once Bob's statement waits for it: Bob read the ticket unlocked.
      const error = await attemptBehindCommit(
        "lock-loser",
        (tx) => tx`update tickets set lock = 'locked', owner_id = ${alice.id}, version = version + 1 where id = ${ticket.id}`,
        () => lockTicket(bobs.db, { actor: bob, number: ticket.number }),
      );

      expect(error).toBeInstanceOf(TicketLockedError);
      expect((error as TicketLockedError).owner).toEqual({ id: alice.id, login: alice.login, name: alice.name });
      // A read, the statement that waited and took nothing, the read that refuses: no transaction.
      const onTickets = bobs.sentOn("tickets");
      expect(onTickets).toHaveLength(3);
      expect(onTickets.some((query) => /for update/i.test(query))).toBe(false);
    } finally {
      await bobs.end();
    }
  });

  it("sends one lock statement for agents of one process taking the same ticket at once, and refuses the others from its outcome", async () => {
    const alice = await scene.agent("rw");
    const bob = await scene.agent("rw");
    const carol = await scene.agent("ro");
    const ticket = await scene.ticket();
    const recording = recordingDb("same-process");
    try {
      const [first, second, third] = await Promise.all([alice, bob, carol].map((actor) => lockTicket(recording.db, { actor, number: ticket.number }).catch((caught: unknown) => caught)));

      expect(first).toMatchObject({ lock: "locked", owner: { id: alice.id } });
      expect(second).toBeInstanceOf(TicketLockedError);
      expect((second as TicketLockedError).owner).toEqual({ id: alice.id, login: alice.login, name: alice.name });
      // ro may not lock at all: forbidden from its read, before any statement.
      expect(third).toBeInstanceOf(ForbiddenError);
      expect(recording.sentOn("tickets").filter((query) => /^\s*with changed as/.test(query))).toHaveLength(1);
      expect((await historyOf(scene.db, ticket.number)).filter((row) => row.type === "Lock")).toHaveLength(1);
    } finally {
      await recording.end();
    }
  });
});
