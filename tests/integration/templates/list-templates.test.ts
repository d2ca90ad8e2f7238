import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { templates } from "../../../db/schema";
import { NotFoundError } from "../../../server/errors";
import { addTemplate } from "../../../server/templates/add-template";
import { listTemplatesForQueue } from "../../../server/templates/list-templates";
import { createQueue } from "../../support/factories";
import { createScene, type Scene } from "../../support/scene";

let scene: Scene;
beforeEach(async () => {
  scene = await createScene(getDb());
});

describe("response templates", () => {
  it("are listed for the queues they are linked to, valid ones only, by name", async () => {
    const reader = await scene.agent("ro");
    const other = await createQueue(scene.db, { group: scene.group.name });
    await addTemplate(scene.db, { name: `Zeta ${scene.queue.id}`, body: "Z {{customer.name}}", queues: [scene.queue.id] });
    const { id: alphaId } = await addTemplate(scene.db, { name: `Alpha ${scene.queue.id}`, kind: "note", body: "A", queues: [scene.queue.name, other.id] });
    const { id: retiredId } = await addTemplate(scene.db, { name: `Retired ${scene.queue.id}`, body: "R", queues: [scene.queue.id] });
    await scene.db.update(templates).set({ valid: false }).where(eq(templates.id, retiredId));
    await addTemplate(scene.db, { name: `Elsewhere ${scene.queue.id}`, body: "E", queues: [other.id] });

    const listed = await listTemplatesForQueue(scene.db, reader, scene.queue.id);
    expect(listed).toEqual([
      { id: alphaId, name: `Alpha ${scene.queue.id}`, kind: "note", body: "A" },
      { id: expect.any(Number), name: `Zeta ${scene.queue.id}`, kind: "answer", body: "Z {{customer.name}}" },
    ]);
  });

  it("hide a queue the caller may not read", async () => {
    const stranger = await scene.agent("note");
    await expect(listTemplatesForQueue(scene.db, stranger, scene.queue.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("refuse unknown placeholders, duplicate names and unknown queues", async () => {
    await expect(addTemplate(scene.db, { name: "Bad", body: "Hi {{customer.shoesize}}" })).rejects.toMatchObject({ field: "body" });
    await addTemplate(scene.db, { name: "Twice", body: "x" });
    await expect(addTemplate(scene.db, { name: "TWICE", body: "x" })).rejects.toMatchObject({ field: "name" });
    await expect(addTemplate(scene.db, { name: "Lost", body: "x", queues: ["No such queue"] })).rejects.toBeInstanceOf(NotFoundError);
  });
});
