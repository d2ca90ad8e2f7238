import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { notifications, outbox } from "../../../db/schema";
import { revokePermission } from "../../../server/agents/revoke-permission";
import { notifyAgents } from "../../../server/notifications/notify-agents";
import { queueAgentIds } from "../../../server/notifications/queue-agents";
import { setMyQueues } from "../../../server/preferences/set-my-queues";
import { setNotificationChoices } from "../../../server/preferences/set-notification-choices";
import { actorOf, createAgent, createGroup, createQueue, createTestTicket, grant } from "../../support/factories";
import { buildMail, deliver } from "../../support/mail";

async function told(agentId: number, ticketId: number) {
  const db = getDb();
  const inApp = await db.select({ kind: notifications.kind }).from(notifications).where(and(eq(notifications.agentId, agentId), eq(notifications.ticketId, ticketId)));
  const mails = await db.select({ recipient: outbox.recipient }).from(outbox).where(and(eq(outbox.ticketId, ticketId), eq(outbox.kind, "notification")));
  return { inApp: inApp.map((row) => row.kind), mailed: mails.length };
}

describe("notifyAgents honours each agent's choices", () => {
  it("without a choice: in-app, and mail when the caller asks; with one: exactly what the agent chose", async () => {
    const db = getDb();
    const group = await createGroup(db);
    const queue = await createQueue(db, { group: group.name });
    const ticket = await createTestTicket(db, { queue: queue.id });
    const [plain, mailOnly, nothing] = await Promise.all([createAgent(db), createAgent(db), createAgent(db)]);
    await setNotificationChoices(db, { agentId: mailOnly.id, choices: [{ event: "owner", inApp: false, email: true }] });
    await setNotificationChoices(db, { agentId: nothing.id, choices: [{ event: "owner", inApp: false, email: false }] });

    const summaries = await db.transaction((tx) => notifyAgents(tx, { agentIds: [plain.id, mailOnly.id, nothing.id], ticketId: ticket.id, kind: "owner", text: "You own it", byMail: true }));
    expect(summaries.map((summary) => summary.agentId)).toEqual([plain.id]);
    expect(await told(plain.id, ticket.id)).toMatchObject({ inApp: ["owner"] });
    expect(await told(mailOnly.id, ticket.id)).toMatchObject({ inApp: [] });
    expect(await told(nothing.id, ticket.id)).toMatchObject({ inApp: [] });
    const recipients = (await db.select({ recipient: outbox.recipient }).from(outbox).where(and(eq(outbox.ticketId, ticket.id), eq(outbox.kind, "notification")))).map((row) => row.recipient);
    expect(recipients.sort()).toEqual([`${mailOnly.login}@example.com`, `${plain.login}@example.com`].sort());
  });

  it("mails an event the caller sends in-app only when the agent chose mail for it", async () => {
    const db = getDb();
    const group = await createGroup(db);
    const queue = await createQueue(db, { group: group.name });
    const ticket = await createTestTicket(db, { queue: queue.id });
    const agent = await createAgent(db);
    await setNotificationChoices(db, { agentId: agent.id, choices: [{ event: "takeover", inApp: true, email: true }] });
    await db.transaction((tx) => notifyAgents(tx, { agentIds: [agent.id], ticketId: ticket.id, kind: "takeover", text: "Taken over" }));
    expect(await told(agent.id, ticket.id)).toEqual({ inApp: ["takeover"], mailed: 1 });
  });

  it("refuses an unknown event, naming the field", async () => {
    const db = getDb();
    const agent = await createAgent(db);
    await expect(setNotificationChoices(db, { agentId: agent.id, choices: [{ event: "birthday" as "owner", inApp: true, email: true }] })).rejects.toMatchObject({ field: "choices.0.event" });
  });
});

describe("new tickets go to My Queues (OTRS)", () => {
  it("agents who chose the queue are told, agents who chose others are not, agents who never chose get the rw default", async () => {
    const db = getDb();
    const group = await createGroup(db);
    const queue = await createQueue(db, { group: group.name });
    const other = await createQueue(db, { group: group.name });
    const [chooser, elsewhere, undecided, reader, stranger] = await Promise.all([createAgent(db), createAgent(db), createAgent(db), createAgent(db), createAgent(db)]);
    for (const agent of [chooser, elsewhere, undecided]) await grant(db, agent, group, "rw");
    await grant(db, reader, group, "ro");
    await setMyQueues(db, actorOf(chooser), { queueIds: [queue.id] });
    await setMyQueues(db, actorOf(elsewhere), { queueIds: [other.id] });
    // An ro agent may put a queue in My Queues: OTRS tells them too.
    await setMyQueues(db, actorOf(reader), { queueIds: [queue.id] });

    expect((await queueAgentIds(db, queue.id)).sort()).toEqual([chooser.id, undecided.id, reader.id].sort());
    expect((await queueAgentIds(db, other.id)).sort()).toEqual([elsewhere.id, undecided.id].sort());
    expect(await queueAgentIds(db, queue.id)).not.toContain(stranger.id);
  });

  it("an agent who lost the right to read the queue is no longer told, though it stays in My Queues", async () => {
    const db = getDb();
    const group = await createGroup(db);
    const queue = await createQueue(db, { group: group.name });
    const agent = await createAgent(db);
    await grant(db, agent, group, "ro");
    await setMyQueues(db, actorOf(agent), { queueIds: [queue.id] });
    expect(await queueAgentIds(db, queue.id)).toEqual([agent.id]);
    await revokePermission(db, { login: agent.login, group: group.name, permission: "ro" });
    expect(await queueAgentIds(db, queue.id)).toEqual([]);
  });

  it("a mail to the queue notifies exactly those agents", async () => {
    const db = getDb();
    const group = await createGroup(db);
    const queue = await createQueue(db, { group: group.name, address: "myqueues@example.com" });
    const other = await createQueue(db, { group: group.name });
    const [chooser, elsewhere] = await Promise.all([createAgent(db), createAgent(db)]);
    for (const agent of [chooser, elsewhere]) await grant(db, agent, group, "rw");
    await setMyQueues(db, actorOf(chooser), { queueIds: [queue.id] });
    await setMyQueues(db, actorOf(elsewhere), { queueIds: [other.id] });
    const result = await deliver(db, buildMail({ to: "myqueues@example.com" }));
    expect(result).toMatchObject({ status: "processed", outcome: "new_ticket" });
    const rows = await db.select({ agentId: notifications.agentId }).from(notifications).where(eq(notifications.kind, "new_ticket"));
    expect(rows.map((row) => row.agentId)).toEqual([chooser.id]);
  });
});
