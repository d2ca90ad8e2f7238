import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { ForbiddenError, NotFoundError } from "../../../server/errors";
import { lockTicket } from "../../../server/tickets/lock-ticket";
import { moveTicket } from "../../../server/tickets/move-ticket";
import { createQueue, createGroup, grant, createAgent, actorOf } from "../../support/factories";
import { historyOf } from "../../support/history";
import { createScene, type Scene } from "../../support/scene";

let scene: Scene;
let target: { id: number; name: string };
let targetGroup: { id: number; name: string };
beforeEach(async () => {
  scene = await createScene(getDb());
  targetGroup = await createGroup(scene.db);
  target = await createQueue(scene.db, { group: targetGroup.name });
});

async function agentWith(source: Parameters<Scene["agent"]>, targetPermissions: Parameters<Scene["agent"]>) {
  const actor = await scene.agent(...source);
  await grant(scene.db, actor, targetGroup, ...targetPermissions);
  return actor;
}

describe("moveTicket", () => {
  it("moves with rw here and move_into there, by id or name, and says where it came from", async () => {
    const mover = await agentWith(["rw"], ["move_into"]);
    const ticket = await scene.ticket();

    const moved = await moveTicket(scene.db, { actor: mover, number: ticket.number, queue: target.name.toUpperCase() });

    expect(moved.queue).toEqual({ id: target.id, name: target.name });
    expect((await historyOf(scene.db, ticket.number)).at(-1)).toMatchObject({ type: "Move", previousQueueId: scene.queue.id, queueId: target.id, changes: ["queue"] });
  });

  it("ends the lock, unless the lock holder keeps it and may work the target queue", async () => {
    const holder = await agentWith(["rw"], ["rw"]);
    const first = await scene.ticket();
    await lockTicket(scene.db, { actor: holder, number: first.number });
    expect(await moveTicket(scene.db, { actor: holder, number: first.number, queue: target.id })).toMatchObject({ lock: "unlocked", owner: { id: holder.id } });
    expect((await historyOf(scene.db, first.number)).at(-1)!.changes).toEqual(["queue", "lock"]);

    const second = await scene.ticket();
    await lockTicket(scene.db, { actor: holder, number: second.number });
    expect(await moveTicket(scene.db, { actor: holder, number: second.number, queue: target.id, keepLock: true })).toMatchObject({ lock: "locked", owner: { id: holder.id } });
  });

  it("moves another agent's locked ticket only with owner, ending that lock and telling its holder", async () => {
    const alice = await scene.agent("rw");
    const colleague = await agentWith(["ro", "note", "priority", "move_into"], ["move_into"]);
    const supervisor = await agentWith(["rw"], ["move_into"]);
    const ticket = await scene.ticket();
    await lockTicket(scene.db, { actor: alice, number: ticket.number });

    await expect(moveTicket(scene.db, { actor: colleague, number: ticket.number, queue: target.id })).rejects.toBeInstanceOf(ForbiddenError);
    const moved = await moveTicket(scene.db, { actor: supervisor, number: ticket.number, queue: target.id });
    expect(moved.lock).toBe("unlocked");
    expect((await historyOf(scene.db, ticket.number)).at(-1)!.data).toEqual({ notifications: [expect.objectContaining({ agentId: alice.id, kind: "moved" })] });
  });

  // rw implies owner, so under another's lock a move is either forbidden (no rw) or allowed.
  it("is forbidden without rw under another's lock, and allowed to admins", async () => {
    const alice = await scene.agent("rw");
    const ownerless = await agentWith(["ro", "move_into", "create", "note", "priority"], ["move_into"]);
    const ticket = await scene.ticket();
    await lockTicket(scene.db, { actor: alice, number: ticket.number });
    await expect(moveTicket(scene.db, { actor: ownerless, number: ticket.number, queue: target.id })).rejects.toBeInstanceOf(ForbiddenError);
    const admin = actorOf(await createAgent(scene.db, { isAdmin: true }));
    await expect(moveTicket(scene.db, { actor: admin, number: ticket.number, queue: target.id })).resolves.toMatchObject({ queue: { id: target.id } });
  });

  it("refuses a target without move_into (forbidden if readable, not found otherwise) and unknown queues", async () => {
    const readsTarget = await agentWith(["rw"], ["ro"]);
    const blind = await agentWith(["rw"], ["note"]);
    const ticket = await scene.ticket();
    await expect(moveTicket(scene.db, { actor: readsTarget, number: ticket.number, queue: target.id })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(moveTicket(scene.db, { actor: blind, number: ticket.number, queue: target.id })).rejects.toThrow("queue not found");
    await expect(moveTicket(scene.db, { actor: blind, number: ticket.number, queue: "No such queue" })).rejects.toBeInstanceOf(NotFoundError);
  });
});
