import { describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { createTemplate } from "../../../server/templates/create-template";
import { deleteTemplate } from "../../../server/templates/delete-template";
import { listTemplatesForQueue } from "../../../server/templates/list-templates";
import { previewTemplate } from "../../../server/templates/preview-template";
import { updateTemplate } from "../../../server/templates/update-template";
import { auditOf } from "../../support/admin-audit";
import { actorOf, createAgent, testAdmin } from "../../support/factories";
import { createScene } from "../../support/scene";

const unique = () => Math.random().toString(36).slice(2, 8);

describe("templates", () => {
  it("create, update with new queue links, delete: each audited", async () => {
    const db = getDb();
    const admin = await testAdmin(db);
    const scene = await createScene(db);
    const reader = await scene.agent("ro");
    const created = await createTemplate(db, admin, { name: `Thanks ${unique()}`, body: "Dear {{customer.name}},\nthanks.", queues: [scene.queue.id] });
    expect(created).toMatchObject({ kind: "answer", valid: true, queues: [{ id: scene.queue.id, name: scene.queue.name }] });
    expect((await listTemplatesForQueue(db, reader, scene.queue.id)).map((template) => template.id)).toEqual([created.id]);

    const updated = await updateTemplate(db, admin, { id: created.id, kind: "note", queues: [] });
    expect(updated).toMatchObject({ name: created.name, kind: "note", body: created.body, queues: [] });
    expect(await listTemplatesForQueue(db, reader, scene.queue.id)).toEqual([]);

    await deleteTemplate(db, admin, { id: created.id });
    expect((await auditOf(db, `template:${created.id}`)).map((row) => [row.action, row.actorId])).toEqual([
      ["template.create", admin.id],
      ["template.update", admin.id],
      ["template.delete", admin.id],
    ]);
    await expect(deleteTemplate(db, admin, { id: created.id })).rejects.toMatchObject({ code: "not_found" });
  });

  it("refuses unknown placeholders, an empty body, a taken name, an unknown queue and non-admins", async () => {
    const db = getDb();
    const admin = await testAdmin(db);
    const name = `Taken ${unique()}`;
    const template = await createTemplate(db, admin, { name, body: "Hi" });
    await expect(createTemplate(db, admin, { name: `T ${unique()}`, body: "Hi {{customer.nmae}}" })).rejects.toThrow("body: unknown placeholders: {{customer.nmae}}");
    await expect(createTemplate(db, admin, { name: `T ${unique()}`, body: "  " })).rejects.toMatchObject({ field: "body" });
    await expect(createTemplate(db, admin, { name: name.toUpperCase(), body: "Hi" })).rejects.toMatchObject({ field: "name" });
    await expect(createTemplate(db, admin, { name: `T ${unique()}`, body: "Hi", queues: [99_999_999] })).rejects.toMatchObject({ field: "queues" });
    await expect(createTemplate(db, admin, { name: `T ${unique()}`, body: "Hi", kind: "letter" as "answer" })).rejects.toMatchObject({ field: "kind" });
    await expect(updateTemplate(db, admin, { id: 99_999_999, body: "x" })).rejects.toMatchObject({ code: "not_found" });
    await expect(updateTemplate(db, actorOf(await createAgent(db)), { id: template.id, body: "x" })).rejects.toMatchObject({ code: "forbidden" });
    expect((await auditOf(db, `template:${template.id}`)).map((row) => row.action)).toEqual(["template.create"]);
  });

  it("previews an unsaved text against a real ticket, as the agent or as the queue", async () => {
    const db = getDb();
    const admin = await testAdmin(db);
    const scene = await createScene(db);
    const ticket = await scene.ticket({ customer: { email: "carol@example.com", name: "Carol" }, title: "Broken printer" });
    const preview = await previewTemplate(db, admin, { ticket: `#${ticket.number}`, subject: "Re: {{ticket.title}}", body: "Dear {{customer.name}}, about {{ticket.number}}.\n{{agent.name}} {{no.such}}" });
    expect(preview).toEqual({ subject: "Re: Broken printer", body: `Dear Carol, about ${ticket.number}.\n${admin.name} {{no.such}}`, unknown: ["no.such"] });
    const asQueue = await previewTemplate(db, admin, { ticket: ticket.number, body: "{{agent.name}}", as: "queue" });
    expect(asQueue.body).toBe(scene.queue.name);
    await expect(previewTemplate(db, admin, { ticket: "1999010110000001", body: "x" })).rejects.toMatchObject({ field: "ticket" });
    await expect(previewTemplate(db, admin, { ticket: "abc", body: "x" })).rejects.toMatchObject({ field: "ticket" });
    await expect(previewTemplate(db, actorOf(await createAgent(db)), { ticket: ticket.number, body: "x" })).rejects.toMatchObject({ code: "forbidden" });
  });
});
