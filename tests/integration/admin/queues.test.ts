import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { getDb } from "../../../db/client";
import { postmasterFilters, queues } from "../../../db/schema";
import { createQueue } from "../../../server/queues/create-queue";
import { deleteQueue } from "../../../server/queues/delete-queue";
import { invalidateQueue } from "../../../server/queues/invalidate-queue";
import { listAdminQueues } from "../../../server/queues/list-admin-queues";
import { updateQueue } from "../../../server/queues/update-queue";
import { moveTicket } from "../../../server/tickets/move-ticket";
import { auditOf } from "../../support/admin-audit";
import { actorOf, createAgent, createGroup, grant, testAdmin } from "../../support/factories";
import { listen } from "../../support/listen";
import { createScene } from "../../support/scene";

const unique = () => Math.random().toString(36).slice(2, 8);

describe("createQueue", () => {
  it("creates a queue with every setting, audits it and re-rooms the group's agents and the admins", async () => {
    const db = getDb();
    const admin = await testAdmin(db);
    const group = await createGroup(db);
    const member = await createAgent(db);
    await grant(db, member, group, "ro");
    const [reply] = await db.execute<{ id: number }>(`select id from auto_responses where type = 'reply' limit 1`);
    const notifications = await listen("helpdesk_agents");
    try {
      const queue = await createQueue(db, admin, {
        name: `Billing ${unique()}`,
        group: group.name,
        address: "Billing-Q@Example.com",
        unlockTimeoutMinutes: 30,
        followUpPolicy: "reject",
        followUpLock: true,
        salutation: "Dear {{customer.name}},",
        signature: "-- \n{{agent.name}}",
        autoResponses: { reply: reply!.id },
      });
      expect(queue).toMatchObject({ group: { id: group.id, name: group.name }, address: "billing-q@example.com", unlockTimeoutMinutes: 30, followUpPolicy: "reject", followUpLock: true, valid: true, tickets: 0 });
      expect(queue.autoResponses).toEqual({ reply: reply!.id, reject: null, follow_up: null, reply_new_ticket: null });
      await vi.waitFor(() => expect(notifications.received).toEqual(expect.arrayContaining([String(member.id), String(admin.id)])));
      expect(await auditOf(db, `queue:${queue.id}`)).toEqual([{ actorId: admin.id, action: "queue.create", details: expect.objectContaining({ name: queue.name, group: group.name, address: "billing-q@example.com" }) }]);
    } finally {
      await notifications.close();
    }
  });

  it("refuses bad input naming the field, and a taken name or address", async () => {
    const db = getDb();
    const admin = await testAdmin(db);
    const { group, queue } = await createScene(db);
    await expect(createQueue(db, admin, { name: " ", group: group.name })).rejects.toMatchObject({ field: "name" });
    await expect(createQueue(db, admin, { name: `Q ${unique()}`, group: "no such group" })).rejects.toMatchObject({ field: "group" });
    await expect(createQueue(db, admin, { name: `Q ${unique()}`, group: group.id, address: "not an address" })).rejects.toMatchObject({ field: "address" });
    await expect(createQueue(db, admin, { name: `Q ${unique()}`, group: group.id, unlockTimeoutMinutes: -1 })).rejects.toMatchObject({ field: "unlockTimeoutMinutes" });
    await expect(createQueue(db, admin, { name: `Q ${unique()}`, group: group.id, signature: "{{agent.nmae}}" })).rejects.toMatchObject({ field: "signature" });
    await expect(createQueue(db, admin, { name: queue.name.toUpperCase(), group: group.id })).rejects.toMatchObject({ code: "invalid", field: "name" });
    await expect(createQueue(db, admin, { name: `Q ${unique()}`, group: group.id, address: queue.address.toUpperCase() })).rejects.toMatchObject({ field: "address" });
    const [reject] = await db.execute<{ id: number }>(`select id from auto_responses where type = 'reject' limit 1`);
    await expect(createQueue(db, admin, { name: `Q ${unique()}`, group: group.id, autoResponses: { reply: reject!.id } })).rejects.toMatchObject({ field: "autoResponses.reply" });
  });

  it("refuses anyone but an administrator", async () => {
    const db = getDb();
    const { group } = await createScene(db);
    const agent = actorOf(await createAgent(db));
    await expect(createQueue(db, agent, { name: `Q ${unique()}`, group: group.name })).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("updateQueue", () => {
  it("changes only what is given and audits the change", async () => {
    const db = getDb();
    const admin = await testAdmin(db);
    const { queue } = await createScene(db);
    const updated = await updateQueue(db, admin, { id: queue.id, unlockTimeoutMinutes: 15, followUpPolicy: "new_ticket", salutation: "Hello {{customer.name}}" });
    expect(updated).toMatchObject({ name: queue.name, address: queue.address, unlockTimeoutMinutes: 15, followUpPolicy: "new_ticket", salutation: "Hello {{customer.name}}" });
    expect(await auditOf(db, `queue:${queue.id}`)).toEqual([{ actorId: admin.id, action: "queue.update", details: { unlockTimeoutMinutes: 15, followUpPolicy: "new_ticket", salutation: "Hello {{customer.name}}" } }]);
  });

  it("moving the queue to another group re-rooms the agents of both groups", async () => {
    const db = getDb();
    const admin = await testAdmin(db);
    const { group, queue } = await createScene(db);
    const other = await createGroup(db);
    const before = await createAgent(db);
    const after = await createAgent(db);
    await grant(db, before, group, "rw");
    await grant(db, after, other, "ro");
    const notifications = await listen("helpdesk_agents");
    try {
      await updateQueue(db, admin, { id: queue.id, group: other.id });
      await vi.waitFor(() => expect(notifications.received).toEqual(expect.arrayContaining([String(before.id), String(after.id), String(admin.id)])));
    } finally {
      await notifications.close();
    }
  });

  it("a rename is carried into the postmaster filters that route to the queue", async () => {
    const db = getDb();
    const admin = await testAdmin(db);
    const { queue } = await createScene(db);
    const [filter] = await db.insert(postmasterFilters).values({ name: `to ${queue.name}`, matches: [{ header: "Subject", pattern: "x" }], actions: { queue: queue.name.toLowerCase(), priority: 4 } }).returning();
    const renamed = `Renamed ${unique()}`;
    await updateQueue(db, admin, { id: queue.id, name: renamed });
    const [row] = await db.select({ actions: postmasterFilters.actions }).from(postmasterFilters).where(eq(postmasterFilters.id, filter!.id));
    expect(row!.actions).toEqual({ queue: renamed, priority: 4 });
  });

  it("sets and clears auto responses by type, refusing one of another type", async () => {
    const db = getDb();
    const admin = await testAdmin(db);
    const { queue } = await createScene(db);
    const responses = await db.execute<{ id: number; type: string }>(`select id, type::text from auto_responses order by id`);
    const byType = (type: string) => responses.find((row) => row.type === type)!.id;
    const set = await updateQueue(db, admin, { id: queue.id, autoResponses: { reply: byType("reply"), follow_up: byType("follow_up") } });
    expect(set.autoResponses).toEqual({ reply: byType("reply"), reject: null, follow_up: byType("follow_up"), reply_new_ticket: null });
    const cleared = await updateQueue(db, admin, { id: queue.id, autoResponses: { reply: null } });
    expect(cleared.autoResponses).toEqual({ reply: null, reject: null, follow_up: byType("follow_up"), reply_new_ticket: null });
    await expect(updateQueue(db, admin, { id: queue.id, autoResponses: { reject: byType("reply") } })).rejects.toMatchObject({ field: "autoResponses.reject" });
    await expect(updateQueue(db, admin, { id: queue.id, autoResponses: { reject: 99_999_999 } })).rejects.toMatchObject({ field: "autoResponses.reject" });
  });

  it("refuses an unknown queue, a taken name, invalidating the catch-all, and non-admins", async () => {
    const db = getDb();
    const admin = await testAdmin(db);
    const { queue } = await createScene(db);
    const [raw] = await db.select().from(queues).where(eq(queues.catchAll, true));
    await expect(updateQueue(db, admin, { id: 99_999_999, name: "x" })).rejects.toMatchObject({ code: "not_found" });
    await expect(updateQueue(db, admin, { id: queue.id, name: "raw" })).rejects.toMatchObject({ field: "name" });
    await expect(updateQueue(db, admin, { id: raw!.id, valid: false })).rejects.toMatchObject({ field: "valid" });
    await expect(updateQueue(db, actorOf(await createAgent(db)), { id: queue.id, name: "x" })).rejects.toMatchObject({ code: "forbidden" });
    expect(await auditOf(db, `queue:${queue.id}`)).toEqual([]);
  });
});

describe("invalidateQueue and deleteQueue", () => {
  it("a queue holding tickets cannot be deleted, only invalidated", async () => {
    const db = getDb();
    const admin = await testAdmin(db);
    const scene = await createScene(db);
    await scene.ticket();
    await expect(deleteQueue(db, admin, { id: scene.queue.id })).rejects.toThrow(/holds 1 ticket: a queue that holds tickets cannot be deleted, invalidate it instead/);
    const invalid = await invalidateQueue(db, admin, { id: scene.queue.id });
    expect(invalid).toMatchObject({ valid: false, tickets: 1 });
    expect((await auditOf(db, `queue:${scene.queue.id}`)).map((row) => row.action)).toEqual(["queue.invalidate"]);
    expect((await listAdminQueues(db)).some((queue) => queue.id === scene.queue.id && !queue.valid)).toBe(true);
  });

  it("a queue that tickets passed through cannot be deleted either", async () => {
    const db = getDb();
    const admin = await testAdmin(db);
    const scene = await createScene(db);
    const target = await createQueue(db, admin, { name: `Target ${unique()}`, group: scene.group.id });
    const ticket = await scene.ticket();
    await moveTicket(db, { actor: admin, number: ticket.number, queue: target.id });
    await expect(deleteQueue(db, admin, { id: scene.queue.id })).rejects.toThrow(/history names it/);
  });

  it("deletes an empty queue, audited; refuses the catch-all and a queue a filter routes to", async () => {
    const db = getDb();
    const admin = await testAdmin(db);
    const { group } = await createScene(db);
    const empty = await createQueue(db, admin, { name: `Empty ${unique()}`, group: group.id });
    await deleteQueue(db, admin, { id: empty.id });
    expect(await db.select().from(queues).where(eq(queues.id, empty.id))).toEqual([]);
    expect((await auditOf(db, `queue:${empty.id}`)).map((row) => row.action)).toEqual(["queue.create", "queue.delete"]);

    const [raw] = await db.select().from(queues).where(eq(queues.catchAll, true));
    await expect(deleteQueue(db, admin, { id: raw!.id })).rejects.toMatchObject({ field: "id" });
    await expect(invalidateQueue(db, admin, { id: raw!.id })).rejects.toMatchObject({ field: "id" });

    const routed = await createQueue(db, admin, { name: `Routed ${unique()}`, group: group.id });
    await db.insert(postmasterFilters).values({ name: `to ${routed.name}`, matches: [{ header: "Subject", pattern: "x" }], actions: { queue: routed.name } });
    await expect(deleteQueue(db, admin, { id: routed.id })).rejects.toThrow(/postmaster filter/);
    await expect(deleteQueue(db, actorOf(await createAgent(db)), { id: routed.id })).rejects.toMatchObject({ code: "forbidden" });
    await expect(deleteQueue(db, admin, { id: 99_999_999 })).rejects.toMatchObject({ code: "not_found" });
  });
});
