import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { ForbiddenError, InvalidInputError } from "../../../server/errors";
import { invalidateAgent } from "../../../server/agents/invalidate-agent";
import { changeOwner, takeOverTicket } from "../../../server/tickets/change-owner";
import { lockTicket } from "../../../server/tickets/lock-ticket";
import { replyToTicket } from "../../../server/tickets/reply-to-ticket";
import { historyOf } from "../../support/history";
import { createScene, type Scene } from "../../support/scene";

let scene: Scene;
beforeEach(async () => {
  scene = await createScene(getDb());
});

describe("changeOwner", () => {
  it("assigns an unlocked ticket, which stays unlocked, and tells the new owner", async () => {
    const supervisor = await scene.agent("ro", "owner");
    const carol = await scene.agent("rw");
    const ticket = await scene.ticket();

    const assigned = await changeOwner(scene.db, { actor: supervisor, number: ticket.number, owner: carol.login });

    expect(assigned).toMatchObject({ owner: { id: carol.id }, lock: "unlocked" });
    const row = (await historyOf(scene.db, ticket.number)).at(-1)!;
    expect(row).toMatchObject({ type: "OwnerUpdate", changes: ["owner"] });
    expect(row.data).toEqual({ notifications: [expect.objectContaining({ agentId: carol.id, kind: "owner" })] });
  });

  it("takes over a locked ticket: the lock passes, the previous holder is told and can no longer reply", async () => {
    const alice = await scene.agent("rw");
    const supervisor = await scene.agent("ro", "owner");
    const carol = await scene.agent("rw");
    const ticket = await scene.ticket();
    await lockTicket(scene.db, { actor: alice, number: ticket.number });

    const taken = await changeOwner(scene.db, { actor: supervisor, number: ticket.number, owner: carol.login });

    expect(taken).toMatchObject({ owner: { id: carol.id }, lock: "locked" });
    const notified = ((await historyOf(scene.db, ticket.number)).at(-1)!.data as { notifications: { agentId: number; kind: string }[] }).notifications;
    expect(notified.map((notification) => [notification.agentId, notification.kind]).sort()).toEqual(
      [
        [alice.id, "takeover"],
        [carol.id, "owner"],
      ].sort(),
    );
    await expect(replyToTicket(scene.db, { actor: alice, number: ticket.number, body: "mine" })).rejects.toThrow(`locked by ${carol.name}`);
  });

  it("takeOverTicket makes the caller owner and lock holder, whoever held it", async () => {
    const alice = await scene.agent("rw");
    const supervisor = await scene.agent("rw");
    const locked = await scene.ticket();
    await lockTicket(scene.db, { actor: alice, number: locked.number });
    expect(await takeOverTicket(scene.db, { actor: supervisor, number: locked.number })).toMatchObject({ owner: { id: supervisor.id }, lock: "locked" });
    const unlocked = await scene.ticket();
    expect(await takeOverTicket(scene.db, { actor: supervisor, number: unlocked.number })).toMatchObject({ owner: { id: supervisor.id }, lock: "locked" });
    expect((await historyOf(scene.db, unlocked.number)).at(-1)!.changes).toEqual(["owner", "lock"]);
  });

  it("clears the owner with null, ending the lock", async () => {
    const alice = await scene.agent("rw");
    const ticket = await scene.ticket();
    await lockTicket(scene.db, { actor: alice, number: ticket.number });
    expect(await changeOwner(scene.db, { actor: alice, number: ticket.number, owner: null })).toMatchObject({ owner: null, lock: "unlocked" });
  });

  it("needs owner, and a new owner who is valid and may work the queue", async () => {
    const reader = await scene.agent("ro", "note", "priority");
    const supervisor = await scene.agent("ro", "owner");
    const readOnly = await scene.agent("ro");
    const gone = await scene.agent("rw");
    await invalidateAgent(scene.db, gone.id);
    const ticket = await scene.ticket();
    await expect(changeOwner(scene.db, { actor: reader, number: ticket.number, owner: supervisor.login })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(changeOwner(scene.db, { actor: supervisor, number: ticket.number, owner: readOnly.login })).rejects.toThrow("needs rw");
    await expect(changeOwner(scene.db, { actor: supervisor, number: ticket.number, owner: gone.login })).rejects.toThrow("is invalid");
    await expect(changeOwner(scene.db, { actor: supervisor, number: ticket.number, owner: "nobody" })).rejects.toBeInstanceOf(InvalidInputError);
  });
});
