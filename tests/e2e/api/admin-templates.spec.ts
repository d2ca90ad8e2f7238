import { expect, test } from "@playwright/test";
import type { AdminTemplate } from "../../../server/templates/template-settings";
import { actorOf, createAgent, createToken } from "../../support/factories";
import { auditOf } from "../../support/admin-audit";
import { apiSetupForFile, bearer, expectError, expectForbidden, expectInvalid, expectNotFound, expectStatus, expectUnauthenticated, unique, type ApiSetup, type ApiTemplate } from "./support";

const setup = apiSetupForFile();

async function adminToken(db: ApiSetup["db"]) {
  const admin = await createAgent(db, { isAdmin: true, name: `Admin ${unique()}` });
  return { ...admin, token: await createToken(db, admin), actor: actorOf(admin) };
}

test("POST /admin/templates creates a template linked to queues; agents find it in GET /templates", async ({ request }) => {
  const { db, team } = setup();
  const admin = await adminToken(db);
  const name = `Solved ${unique()}`;
  const created = await expectStatus<AdminTemplate>(await request.post("/api/v1/admin/templates", { headers: bearer(admin), data: { name, body: "Dear {{customer.name}},\nsolved.\n{{agent.name}}", queues: [team.queue.id] } }), 201);
  expect(created).toMatchObject({ name, kind: "answer", valid: true, queues: [{ id: team.queue.id, name: team.queue.name }], updatedAt: expect.any(String) });
  const offered = await expectStatus<ApiTemplate[]>(await request.get("/api/v1/templates", { headers: bearer(team.agent), params: { queue: team.queue.id } }), 200);
  expect(offered).toContainEqual({ id: created.id, name, kind: "answer", body: created.body });
  const all = await expectStatus<AdminTemplate[]>(await request.get("/api/v1/admin/templates", { headers: bearer(admin) }), 200);
  expect(all.find((template) => template.id === created.id)).toEqual(created);
  expect((await auditOf(db, `template:${created.id}`)).map((row) => [row.action, row.actorId])).toEqual([["template.create", admin.id]]);
});

test("POST /admin/templates refuses bad input naming the field", async ({ request }) => {
  const { db } = setup();
  const admin = await adminToken(db);
  const post = (data: Record<string, unknown>) => request.post("/api/v1/admin/templates", { headers: bearer(admin), data });
  await expectInvalid(await post({ body: "Hi" }), "name");
  await expectInvalid(await post({ name: `T ${unique()}` }), "body");
  await expectInvalid(await post({ name: `T ${unique()}`, body: "Hi {{customer.nmae}}" }), "body");
  await expectInvalid(await post({ name: `T ${unique()}`, body: "Hi", kind: "letter" }), "kind");
  await expectInvalid(await post({ name: `T ${unique()}`, body: "Hi", queues: [2_000_000_000] }), "queues");
  const taken = `Taken ${unique()}`;
  await expectStatus(await post({ name: taken, body: "Hi" }), 201);
  await expectInvalid(await post({ name: taken, body: "Hi" }), "name");
  await expectError(await post({ name: `T ${unique()}`, body: "Hi", html: true }), 400, "invalid");
});

test("PATCH /admin/templates/:id changes what is given, queue links replaced; 404, 400, 403, 401", async ({ request }) => {
  const { db, team } = setup();
  const admin = await adminToken(db);
  const created = await expectStatus<AdminTemplate>(await request.post("/api/v1/admin/templates", { headers: bearer(admin), data: { name: `Patch ${unique()}`, body: "One", queues: [team.queue.id] } }), 201);
  const patch = (id: number | string, data: Record<string, unknown>, agent: { token: string } = admin) => request.patch(`/api/v1/admin/templates/${id}`, { headers: bearer(agent), data });
  const updated = await expectStatus<AdminTemplate>(await patch(created.id, { body: "Two {{ticket.number}}", queues: [team.otherQueue.id], kind: "note" }), 200);
  expect(updated).toMatchObject({ id: created.id, name: created.name, body: "Two {{ticket.number}}", kind: "note", queues: [{ id: team.otherQueue.id, name: team.otherQueue.name }] });
  expect(await expectStatus<AdminTemplate>(await request.get(`/api/v1/admin/templates/${created.id}`, { headers: bearer(admin) }), 200)).toEqual(updated);

  await expectNotFound(await patch(2_000_000_000, { body: "x" }));
  await expectInvalid(await patch("0", { body: "x" }), "id");
  await expectInvalid(await patch(created.id, { body: "{{nope.nope}}" }), "body");
  await expectForbidden(await patch(created.id, { body: "x" }, team.agent));
  await expectForbidden(await request.get("/api/v1/admin/templates", { headers: bearer(team.agent) }));
  await expectForbidden(await request.post("/api/v1/admin/templates", { headers: bearer(team.agent), data: { name: `T ${unique()}`, body: "x" } }));
  await expectUnauthenticated((headers) => request.patch(`/api/v1/admin/templates/${created.id}`, { headers, data: { body: "x" } }));
  await expectUnauthenticated((headers) => request.get("/api/v1/admin/templates", { headers }));
  expect((await auditOf(db, `template:${created.id}`)).map((row) => row.action)).toEqual(["template.create", "template.update"]);
});
