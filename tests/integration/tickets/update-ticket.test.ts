import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { ForbiddenError, TicketLockedError, VersionConflictError } from "../../../server/errors";
import { findReadableTicket } from "../../../server/tickets/get-ticket";
import { lockTicket } from "../../../server/tickets/lock-ticket";
import { updateTicket } from "../../../server/tickets/update-ticket";
import { createQueue } from "../../support/factories";
import { historyOf } from "../../support/history";
import { createScene, type Scene } from "../../support/scene";

let scene: Scene;
beforeEach(async () => {
  scene = await createScene(getDb());
});

describe("updateTicket", () => {
  it("applies several edits in one transaction, one history row each, one version step", async () => {
    const alice = await scene.agent("rw");
    const carol = await scene.agent("rw");
    const other = await createQueue(scene.db, { group: scene.group.name });
    const ticket = await scene.ticket();
    const locked = await lockTicket(scene.db, { actor: alice, number: ticket.number });
    const until = new Date(Date.now() + 86_400_000);

    const updated = await updateTicket(scene.db, {
      actor: alice,
      number: ticket.number,
      version: locked.version,
      title: "New title",
      priority: 1,
      state: "pending reminder",
      pendingUntil: until,
      queue: other.name,
      owner: carol.login,
    });

    expect(updated).toMatchObject({ title: "New title", priority: 1, state: "pending reminder", pendingUntil: until.toISOString(), queue: { id: other.id }, owner: { id: carol.id }, lock: "unlocked", version: locked.version + 1 });
    const rows = (await historyOf(scene.db, ticket.number)).slice(-6);
    expect(rows.map((row) => row.type)).toEqual(["TitleUpdate", "PriorityUpdate", "StateUpdate", "SetPendingTime", "Move", "OwnerUpdate"]);
    // Every row of one transaction carries the ticket as it is after all of it.
    for (const row of rows) expect(row.snapshot).toEqual(updated);
  });

  it("is all or nothing: one refused edit leaves everything as it was", async () => {
    const prioritiser = await scene.agent("ro", "priority");
    const ticket = await scene.ticket();
    await expect(updateTicket(scene.db, { actor: prioritiser, number: ticket.number, priority: 5, title: "Not allowed" })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await findReadableTicket(scene.db, prioritiser, ticket.number)).toMatchObject({ priority: ticket.priority, title: ticket.title, version: ticket.version });
  });

  it("refuses a stale version with the current ticket, and another agent's lock", async () => {
    const alice = await scene.agent("rw");
    const bob = await scene.agent("rw");
    const ticket = await scene.ticket();
    await updateTicket(scene.db, { actor: bob, number: ticket.number, title: "Bob's edit", version: ticket.version });
    const stale = await updateTicket(scene.db, { actor: alice, number: ticket.number, title: "Alice's edit", version: ticket.version }).catch((error: unknown) => error);
    expect(stale).toBeInstanceOf(VersionConflictError);
    expect((stale as VersionConflictError).ticket).toMatchObject({ title: "Bob's edit", version: ticket.version + 1 });
    await lockTicket(scene.db, { actor: alice, number: ticket.number });
    await expect(updateTicket(scene.db, { actor: bob, number: ticket.number, title: "x" })).rejects.toBeInstanceOf(TicketLockedError);
  });

  it("answers a refusal or another's lock before a stale version (CONTRACT.md's order)", async () => {
    const alice = await scene.agent("rw");
    const reader = await scene.agent("ro");
    const bob = await scene.agent("rw");
    const ticket = await scene.ticket();
    const stale = ticket.version - 1;
    await expect(updateTicket(scene.db, { actor: reader, number: ticket.number, title: "x", version: stale })).rejects.toBeInstanceOf(ForbiddenError);
    await lockTicket(scene.db, { actor: alice, number: ticket.number });
    await expect(updateTicket(scene.db, { actor: bob, number: ticket.number, title: "x", version: stale })).rejects.toBeInstanceOf(TicketLockedError);
    await expect(updateTicket(scene.db, { actor: alice, number: ticket.number, title: "x", version: stale })).rejects.toBeInstanceOf(VersionConflictError);
    expect((await findReadableTicket(scene.db, alice, ticket.number)).title).toBe(ticket.title);
  });

  it("changes nothing, not even the version, for values that are already set", async () => {
    const alice = await scene.agent("rw");
    const ticket = await scene.ticket();
    const same = await updateTicket(scene.db, { actor: alice, number: ticket.number, title: ticket.title, priority: ticket.priority, queue: scene.queue.id });
    expect(same.version).toBe(ticket.version);
  });
});
