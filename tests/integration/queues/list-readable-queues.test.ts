import { describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { listReadableQueues } from "../../../server/queues/list-readable-queues";
import { changeState } from "../../../server/tickets/change-state";
import { lockTicket } from "../../../server/tickets/lock-ticket";
import { mergeTickets } from "../../../server/tickets/merge-tickets";
import { actorOf, createAgent, createGroup, createQueue, createTestTicket, grant, testAdmin } from "../../support/factories";

describe("listReadableQueues", () => {
  it("lists the queues the agent may read, by name, and no other", async () => {
    const db = getDb();
    const agent = await createAgent(db);
    const readable = await createGroup(db);
    const noteOnly = await createGroup(db);
    await createQueue(db, { group: readable.name, name: "beta" });
    await createQueue(db, { group: readable.name, name: "Alpha" });
    await createQueue(db, { group: noteOnly.name, name: "Hidden" });
    await grant(db, agent, readable, "ro");
    await grant(db, agent, noteOnly, "note", "create");

    const queues = await listReadableQueues(db, { id: agent.id, isAdmin: false });

    expect(queues.map((queue) => queue.name)).toEqual(["Alpha", "beta"]);
    expect(queues[0]).toEqual({ id: expect.any(Number), name: "Alpha", address: "alpha@example.com", counts: { new: 0, open: 0, pending: 0, locked: 0 } });
  });

  it("lists every queue for an admin, the seeded ones included", async () => {
    const db = getDb();
    const admin = await createAgent(db, { isAdmin: true });
    const names = (await listReadableQueues(db, { id: admin.id, isAdmin: true })).map((queue) => queue.name);
    expect(names).toEqual(expect.arrayContaining(["Raw", "Junk"]));
  });

  it("counts new, open, pending and locked tickets, leaving closed and merged ones out", async () => {
    const db = getDb();
    const agent = await createAgent(db);
    const group = await createGroup(db);
    const queue = await createQueue(db, { group: group.name });
    const other = await createQueue(db, { group: group.name });
    await grant(db, agent, group, "rw");
    const admin = await testAdmin(db);
    const ticketIn = (queueId: number) => createTestTicket(db, { queue: queueId });
    const later = new Date(Date.now() + 86_400_000);
    await ticketIn(queue.id);
    await ticketIn(queue.id);
    const open = await ticketIn(queue.id);
    await changeState(db, { actor: admin, number: open.number, state: "open" });
    await lockTicket(db, { actor: actorOf(agent), number: open.number });
    const reminder = await ticketIn(queue.id);
    await changeState(db, { actor: admin, number: reminder.number, state: "pending reminder", pendingUntil: later });
    const autoClose = await ticketIn(queue.id);
    await lockTicket(db, { actor: actorOf(agent), number: autoClose.number });
    await changeState(db, { actor: actorOf(agent), number: autoClose.number, state: "pending auto close+", pendingUntil: later });
    const closed = await ticketIn(queue.id);
    await changeState(db, { actor: admin, number: closed.number, state: "closed successful" });
    const mergedAway = await ticketIn(queue.id);
    const target = await ticketIn(other.id);
    await changeState(db, { actor: admin, number: target.number, state: "open" });
    await mergeTickets(db, { actor: admin, number: mergedAway.number, into: target.number });

    const summaries = await listReadableQueues(db, { id: agent.id, isAdmin: false });

    expect(summaries.find((summary) => summary.id === queue.id)?.counts).toEqual({ new: 2, open: 1, pending: 2, locked: 2 });
    expect(summaries.find((summary) => summary.id === other.id)?.counts).toEqual({ new: 0, open: 1, pending: 0, locked: 0 });
  });
});
