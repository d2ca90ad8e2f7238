import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { TicketLockedError, ForbiddenError, NotFoundError, VersionConflictError } from "../../../server/errors";
import { lockTicket } from "../../../server/tickets/lock-ticket";
import { unlockTicket } from "../../../server/tickets/unlock-ticket";
import { attemptBehindCommit } from "../../support/attempt-behind-commit";
import { actorOf, createAgent } from "../../support/factories";
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

  it("takes an unlocked ticket in one statement, without a transaction, also for an admin granted nothing", async () => {
    const alice = await scene.agent("rw");
    const admin = actorOf(await createAgent(scene.db, { isAdmin: true }));
    const first = await scene.ticket();
    const second = await scene.ticket();
    const recording = recordingDb("lock-one-statement");
    try {
      expect(await lockTicket(recording.db, { actor: alice, number: first.number })).toMatchObject({ lock: "locked", owner: { id: alice.id } });
      expect(await lockTicket(recording.db, { actor: admin, number: second.number })).toMatchObject({ lock: "locked", owner: { id: admin.id } });
      expect(recording.sentOn("tickets")).toHaveLength(2);
      expect(recording.sent.some((query) => /^\s*begin/i.test(query))).toBe(false);
    } finally {
      await recording.end();
    }
  });

  it("records the owner as changed only when it did: taking back one's own unlocked ticket changes the lock alone", async () => {
    const alice = await scene.agent("rw");
    const bob = await scene.agent("rw");
    const ticket = await scene.ticket();
    await lockTicket(scene.db, { actor: alice, number: ticket.number });
    await unlockTicket(scene.db, { actor: alice, number: ticket.number });
    await lockTicket(scene.db, { actor: alice, number: ticket.number });
    await unlockTicket(scene.db, { actor: alice, number: ticket.number });
    await lockTicket(scene.db, { actor: bob, number: ticket.number });

    const locks = (await historyOf(scene.db, ticket.number)).filter((row) => row.type === "Lock");
    expect(locks.map((row) => [row.ownerId, row.changes])).toEqual([
      [alice.id, ["lock", "owner"]],
      [alice.id, ["lock"]],
      [bob.id, ["lock", "owner"]],
    ]);
  });

  it("takes the ordinary path when the ticket changed while its statement waited, so the history names the owner it replaced", async () => {
    const alice = await scene.agent("rw");
    const bob = await scene.agent("rw");
    const ticket = await scene.ticket();
    await lockTicket(scene.db, { actor: bob, number: ticket.number });
    await unlockTicket(scene.db, { actor: bob, number: ticket.number });
    const bobs = recordingDb("lock-after-owner-change");
    try {
      // The ticket, unlocked, passes from Bob to Alice while Bob's lock waits: his snapshot still says he owns it.
      const locked = await attemptBehindCommit(
        "lock-after-owner-change",
        (tx) => tx`update tickets set owner_id = ${alice.id}, version = version + 1 where id = ${ticket.id}`,
        () => lockTicket(bobs.db, { actor: bob, number: ticket.number }),
      );

      expect(locked).toMatchObject({ lock: "locked", owner: { id: bob.id } });
      expect(bobs.sentOn("tickets").some((query) => /for update/i.test(query))).toBe(true);
      expect((await historyOf(scene.db, ticket.number)).at(-1)).toMatchObject({ type: "Lock", ownerId: bob.id, changes: ["lock", "owner"] });
    } finally {
      await bobs.end();
    }
  });

  it("refuses a stale version", async () => {
    const alice = await scene.agent("rw");
    const ticket = await scene.ticket();
    const error = await lockTicket(scene.db, { actor: alice, number: ticket.number, version: ticket.version - 1 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(VersionConflictError);
    expect((error as VersionConflictError).ticket).toMatchObject({ number: ticket.number, version: ticket.version, lock: "unlocked" });
    expect((await lockTicket(scene.db, { actor: alice, number: ticket.number, version: ticket.version })).lock).toBe("locked");
  });

  it("refuses an agent whose lock waited for another agent's to commit, from one read and no transaction", async () => {
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
      // The statement that waited and took nothing, the read that refuses: no transaction.
      const onTickets = bobs.sentOn("tickets");
      expect(onTickets).toHaveLength(2);
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
      // Bob and Carol waited for Alice's statement, then were refused from a read: ro may not lock at all.
      expect(third).toBeInstanceOf(ForbiddenError);
      expect(recording.sentOn("tickets").filter((query) => /^\s*with changed as/.test(query))).toHaveLength(1);
      expect((await historyOf(scene.db, ticket.number)).filter((row) => row.type === "Lock")).toHaveLength(1);
    } finally {
      await recording.end();
    }
  });
});
