import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { ForbiddenError, NotFoundError, TicketLockedError } from "../../../server/errors";
import { lockTicket } from "../../../server/tickets/lock-ticket";
import { unlockTicket } from "../../../server/tickets/unlock-ticket";
import { attemptBehindCommit } from "../../support/attempt-behind-commit";
import { historyOf } from "../../support/history";
import { recordingDb } from "../../support/recording-db";
import { createScene, type Scene } from "../../support/scene";

let scene: Scene;
beforeEach(async () => {
  scene = await createScene(getDb());
});

describe("unlockTicket", () => {
  it("lets the owner release the lock; the owner stays recorded", async () => {
    const alice = await scene.agent("rw");
    const ticket = await scene.ticket();
    await lockTicket(scene.db, { actor: alice, number: ticket.number });

    const unlocked = await unlockTicket(scene.db, { actor: alice, number: ticket.number });

    expect(unlocked).toMatchObject({ lock: "unlocked", owner: { id: alice.id } });
    expect((await historyOf(scene.db, ticket.number)).at(-1)).toMatchObject({ type: "Unlock", actorId: alice.id, changes: ["lock"], data: null });
  });

  it("refuses someone else's lock without force, even with the owner permission", async () => {
    const alice = await scene.agent("rw");
    const supervisor = await scene.agent("ro", "owner");
    const colleague = await scene.agent("rw");
    const ticket = await scene.ticket();
    await lockTicket(scene.db, { actor: alice, number: ticket.number });

    await expect(unlockTicket(scene.db, { actor: colleague, number: ticket.number })).rejects.toBeInstanceOf(TicketLockedError);
    await expect(unlockTicket(scene.db, { actor: supervisor, number: ticket.number })).rejects.toThrow("pass force");
    const stillLocked = await unlockTicket(scene.db, { actor: colleague, number: ticket.number, force: true }).catch((error: unknown) => error);
    // rw implies owner: a colleague with rw may force it too.
    expect(stillLocked).toMatchObject({ lock: "unlocked" });
  });

  it("lets `owner` force the unlock, and tells the previous owner", async () => {
    const alice = await scene.agent("rw");
    const supervisor = await scene.agent("ro", "owner");
    const ticket = await scene.ticket();
    await lockTicket(scene.db, { actor: alice, number: ticket.number });

    const unlocked = await unlockTicket(scene.db, { actor: supervisor, number: ticket.number, force: true });

    expect(unlocked.lock).toBe("unlocked");
    const row = (await historyOf(scene.db, ticket.number)).at(-1)!;
    expect(row).toMatchObject({ type: "Unlock", actorId: supervisor.id, name: expect.stringContaining("forced") });
    expect(row.data).toEqual({ notifications: [{ id: expect.any(Number), agentId: alice.id, kind: "unlocked", text: expect.stringContaining(ticket.number) }] });
  });

  it("refuses force without the owner permission", async () => {
    const alice = await scene.agent("rw");
    const noter = await scene.agent("ro", "note");
    const ticket = await scene.ticket();
    await lockTicket(scene.db, { actor: alice, number: ticket.number });
    await expect(unlockTicket(scene.db, { actor: noter, number: ticket.number, force: true })).rejects.toBeInstanceOf(TicketLockedError);
  });

  it("changes nothing on an unlocked ticket, and hides unreadable tickets", async () => {
    const alice = await scene.agent("rw");
    const reader = await scene.agent("ro");
    const stranger = await scene.agent();
    const ticket = await scene.ticket();
    expect((await unlockTicket(scene.db, { actor: alice, number: ticket.number })).version).toBe(ticket.version);
    await expect(unlockTicket(scene.db, { actor: reader, number: ticket.number })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(unlockTicket(scene.db, { actor: stranger, number: ticket.number })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("releases one's own lock with one statement, no transaction", async () => {
    const alice = await scene.agent("rw");
    const ticket = await scene.ticket();
    await lockTicket(scene.db, { actor: alice, number: ticket.number });
    const recording = recordingDb("own-unlock");
    try {
      const unlocked = await unlockTicket(recording.db, { actor: alice, number: ticket.number });

      expect(unlocked).toMatchObject({ lock: "unlocked", version: ticket.version + 2 });
      expect((await historyOf(scene.db, ticket.number)).at(-1)!.snapshot).toEqual(unlocked);
      expect(recording.sentOn("tickets")).toHaveLength(1);
      expect(recording.sent.some((query) => /^\s*begin/i.test(query))).toBe(false);
    } finally {
      await recording.end();
    }
  });

  it("takes the ordinary path when the lock changed while the release waited", async () => {
    const alice = await scene.agent("rw");
    const bob = await scene.agent("rw");
    const ticket = await scene.ticket();
    await lockTicket(scene.db, { actor: alice, number: ticket.number });
    const alices = recordingDb("unlock-loser");
    try {
      // Bob takes the lock over, committed only once Alice's release waits for it: her snapshot still shows her lock.
      const error = await attemptBehindCommit(
        "unlock-loser",
        (tx) => tx`update tickets set owner_id = ${bob.id}, version = version + 1 where id = ${ticket.id}`,
        () => unlockTicket(alices.db, { actor: alice, number: ticket.number }),
      );

      expect(error).toBeInstanceOf(TicketLockedError);
      expect((error as TicketLockedError).owner).toMatchObject({ id: bob.id });
      expect(alices.sentOn("tickets").some((query) => /for update/i.test(query))).toBe(true);
      expect((await historyOf(scene.db, ticket.number)).filter((row) => row.type === "Unlock")).toHaveLength(0);
    } finally {
      await alices.end();
    }
  });
});
