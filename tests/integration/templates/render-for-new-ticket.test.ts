import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { queues } from "../../../db/schema";
import { ForbiddenError, InvalidInputError, NotFoundError } from "../../../server/errors";
import { addTemplate } from "../../../server/templates/add-template";
import { listTemplatesForNewTicket, renderTemplateForNewTicket } from "../../../server/templates/render-for-new-ticket";
import { createScene, type Scene } from "../../support/scene";

let scene: Scene;
beforeEach(async () => {
  scene = await createScene(getDb());
});

describe("templates for a new ticket", () => {
  it("offers create templates always, phone or email ones after the kind, to whoever may create", async () => {
    const creator = await scene.agent("create");
    const id = scene.queue.id;
    const { id: createId } = await addTemplate(scene.db, { name: `Create ${id}`, kind: "create", body: "C", queues: [id] });
    const { id: phoneId } = await addTemplate(scene.db, { name: `Phone ${id}`, kind: "phone", body: "P", queues: [id] });
    const { id: emailId } = await addTemplate(scene.db, { name: `Email ${id}`, kind: "email", body: "E", queues: [id] });
    await addTemplate(scene.db, { name: `Answer ${id}`, kind: "answer", body: "A", queues: [id] });

    expect((await listTemplatesForNewTicket(scene.db, creator, id, "phone")).map((template) => template.id)).toEqual([createId, phoneId]);
    expect((await listTemplatesForNewTicket(scene.db, creator, id, "email_out")).map((template) => template.id)).toEqual([createId, emailId]);
    await expect(listTemplatesForNewTicket(scene.db, await scene.agent("ro"), id, "phone")).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listTemplatesForNewTicket(scene.db, await scene.agent(), id, "phone")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("fills what is known before the ticket exists and leaves the rest empty", async () => {
    const agent = await scene.agent("rw");
    await scene.db.update(queues).set({ salutation: "Dear {{customer.name}},", signature: "-- {{agent.name}}, {{queue.name}}" }).where(eq(queues.id, scene.queue.id));
    const body = "{{queue.salutation}}\nabout {{ticket.title}} [{{ticket.number}}] for {{customer.email}}, owner {{owner.name}}\n{{article.quote}}{{queue.signature}}";
    const { id } = await addTemplate(scene.db, { name: `Filled ${scene.queue.id}`, kind: "create", body, queues: [scene.queue.id] });

    const text = await renderTemplateForNewTicket(scene.db, agent, { queue: scene.queue.id, templateId: id, customer: { email: "dan@example.com", name: "Dan" }, title: "Broken screen" });
    expect(text).toBe(`Dear Dan,\nabout Broken screen [] for dan@example.com, owner ${agent.name}\n-- ${agent.name}, ${scene.queue.name}`);
    const nameless = await renderTemplateForNewTicket(scene.db, agent, { queue: scene.queue.id, templateId: id, customer: { email: "dan@example.com" }, title: "" });
    expect(nameless.startsWith("Dear dan@example.com,")).toBe(true);
    const { id: elsewhere } = await addTemplate(scene.db, { name: `Elsewhere ${scene.queue.id}`, kind: "create", body: "x" });
    await expect(renderTemplateForNewTicket(scene.db, agent, { queue: scene.queue.id, templateId: elsewhere, customer: { email: "" }, title: "" })).rejects.toBeInstanceOf(InvalidInputError);
  });
});
