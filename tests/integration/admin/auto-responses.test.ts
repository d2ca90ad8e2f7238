import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { queueAutoResponses } from "../../../db/schema";
import { createAutoResponse } from "../../../server/auto-responses/create-auto-response";
import { deleteAutoResponse } from "../../../server/auto-responses/delete-auto-response";
import { linkAutoResponse } from "../../../server/auto-responses/link-auto-response";
import { listAutoResponses } from "../../../server/auto-responses/list-auto-responses";
import { updateAutoResponse } from "../../../server/auto-responses/update-auto-response";
import { findAdminQueue } from "../../../server/queues/find-admin-queue";
import { auditOf } from "../../support/admin-audit";
import { actorOf, createAgent, testAdmin } from "../../support/factories";
import { createScene } from "../../support/scene";

const unique = () => Math.random().toString(36).slice(2, 8);
const text = { subject: "Re: {{article.subject}}", body: "Received as {{ticket.number}}.\n{{queue.signature}}" };

describe("auto responses", () => {
  it("creates each type, links it to queues (replacing their response of that type), and unlinks", async () => {
    const db = getDb();
    const admin = await testAdmin(db);
    const one = await createScene(db);
    const two = await createScene(db);
    for (const type of ["reply", "reject", "follow_up", "reply_new_ticket"] as const) {
      expect(await createAutoResponse(db, admin, { name: `${type} ${unique()}`, type, ...text })).toMatchObject({ type, valid: true, queues: [] });
    }
    const first = await createAutoResponse(db, admin, { name: `First ${unique()}`, type: "reply", ...text });
    const second = await createAutoResponse(db, admin, { name: `Second ${unique()}`, type: "reply", ...text });
    await linkAutoResponse(db, admin, { id: first.id, queues: [one.queue.id, two.queue.id] });
    const linked = await linkAutoResponse(db, admin, { id: second.id, queues: [two.queue.id] });
    expect(linked.queues).toEqual([{ id: two.queue.id, name: two.queue.name }]);
    expect((await findAdminQueue(db, one.queue.id)).autoResponses.reply).toBe(first.id);
    expect((await findAdminQueue(db, two.queue.id)).autoResponses.reply).toBe(second.id);
    await linkAutoResponse(db, admin, { id: first.id, queues: [] });
    expect((await findAdminQueue(db, one.queue.id)).autoResponses.reply).toBeNull();
    expect((await listAutoResponses(db)).find((response) => response.id === second.id)?.queues).toHaveLength(1);
    expect((await auditOf(db, `auto_response:${first.id}`)).map((row) => row.action)).toEqual(["auto_response.create", "auto_response.link", "auto_response.link"]);
  });

  it("updates, refusing a type change while queues send it; deleting unlinks it", async () => {
    const db = getDb();
    const admin = await testAdmin(db);
    const scene = await createScene(db);
    const response = await createAutoResponse(db, admin, { name: `Resp ${unique()}`, type: "follow_up", ...text });
    await linkAutoResponse(db, admin, { id: response.id, queues: [scene.queue.id] });
    await expect(updateAutoResponse(db, admin, { id: response.id, type: "reply" })).rejects.toThrow(`type: the queues ${scene.queue.name} send it as their follow_up response`);
    expect(await updateAutoResponse(db, admin, { id: response.id, subject: "Got it: {{ticket.title}}", valid: false })).toMatchObject({ type: "follow_up", subject: "Got it: {{ticket.title}}", valid: false });
    await deleteAutoResponse(db, admin, { id: response.id });
    expect(await db.select().from(queueAutoResponses).where(and(eq(queueAutoResponses.queueId, scene.queue.id), eq(queueAutoResponses.type, "follow_up")))).toEqual([]);
    expect((await auditOf(db, `auto_response:${response.id}`)).map((row) => row.action)).toEqual(["auto_response.create", "auto_response.link", "auto_response.update", "auto_response.delete"]);
  });

  it("refuses bad input naming the field, and non-admins", async () => {
    const db = getDb();
    const admin = await testAdmin(db);
    await expect(createAutoResponse(db, admin, { name: `R ${unique()}`, type: "bounce" as "reply", ...text })).rejects.toMatchObject({ field: "type" });
    await expect(createAutoResponse(db, admin, { name: `R ${unique()}`, type: "reply", subject: "{{ticket.nr}}", body: "x" })).rejects.toMatchObject({ field: "subject" });
    await expect(createAutoResponse(db, admin, { name: `R ${unique()}`, type: "reply", subject: "x", body: "" })).rejects.toMatchObject({ field: "body" });
    const taken = await createAutoResponse(db, admin, { name: `Taken ${unique()}`, type: "reply", ...text });
    await expect(createAutoResponse(db, admin, { name: taken.name.toUpperCase(), type: "reply", ...text })).rejects.toMatchObject({ field: "name" });
    await expect(linkAutoResponse(db, admin, { id: taken.id, queues: [99_999_999] })).rejects.toMatchObject({ field: "queues" });
    await expect(linkAutoResponse(db, admin, { id: 99_999_999, queues: [] })).rejects.toMatchObject({ code: "not_found" });
    await expect(createAutoResponse(db, actorOf(await createAgent(db)), { name: `R ${unique()}`, type: "reply", ...text })).rejects.toMatchObject({ code: "forbidden" });
  });
});
