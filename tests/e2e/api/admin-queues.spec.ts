import { expect, test } from "@playwright/test";
import type { AdminQueue } from "../../../server/queues/list-admin-queues";
import { actorOf, createAgent, createToken } from "../../support/factories";
import { auditOf } from "../../support/admin-audit";
import { apiSetupForFile, bearer, expectError, expectForbidden, expectInvalid, expectNotFound, expectStatus, expectUnauthenticated, unique, type ApiSetup } from "./support";

const setup = apiSetupForFile();

async function adminToken(db: ApiSetup["db"]) {
  const admin = await createAgent(db, { isAdmin: true, name: `Admin ${unique()}` });
  return { ...admin, token: await createToken(db, admin), actor: actorOf(admin) };
}

test("GET /admin/queues lists every queue with its settings, for administrators only", async ({ request }) => {
  const { db, team } = setup();
  const admin = await adminToken(db);
  const queues = await expectStatus<AdminQueue[]>(await request.get("/api/v1/admin/queues", { headers: bearer(admin) }), 200);
  expect(queues.find((queue) => queue.catchAll)).toMatchObject({ name: "Raw", valid: true });
  expect(queues.find((queue) => queue.id === team.queue.id)).toEqual({
    id: team.queue.id,
    name: team.queue.name,
    group: { id: team.group.id, name: team.group.name },
    address: team.queue.address,
    unlockTimeoutMinutes: 0,
    followUpPolicy: "possible",
    followUpLock: false,
    autoResponsesEnabled: true,
    salutation: "",
    signature: "",
    autoResponses: { reply: null, reject: null, follow_up: null, reply_new_ticket: null },
    catchAll: false,
    valid: true,
    tickets: expect.any(Number),
  });
  await expectForbidden(await request.get("/api/v1/admin/queues", { headers: bearer(team.agent) }));
  await expectUnauthenticated((headers) => request.get("/api/v1/admin/queues", { headers }));
});

test("POST /admin/queues creates a queue (201), audited; refuses bad input naming the field", async ({ request }) => {
  const { db, team } = setup();
  const admin = await adminToken(db);
  const name = `Admin API ${unique()}`;
  const body = { name, group: team.group.name, address: `${name.replace(/\W+/g, "-").toLowerCase()}@Example.com`, unlockTimeoutMinutes: 20, followUpPolicy: "reject", salutation: "Dear {{customer.name}}," };
  const created = await expectStatus<AdminQueue>(await request.post("/api/v1/admin/queues", { headers: bearer(admin), data: body }), 201);
  expect(created).toMatchObject({ name, group: { id: team.group.id }, address: body.address.toLowerCase(), unlockTimeoutMinutes: 20, followUpPolicy: "reject", valid: true, tickets: 0 });
  expect((await auditOf(db, `queue:${created.id}`)).map((row) => [row.action, row.actorId])).toEqual([["queue.create", admin.id]]);

  const post = (data: Record<string, unknown>) => request.post("/api/v1/admin/queues", { headers: bearer(admin), data });
  await expectInvalid(await post({ group: team.group.name }), "name");
  await expectInvalid(await post({ name: `Q ${unique()}` }), "group");
  await expectInvalid(await post({ name: `Q ${unique()}`, group: team.group.name, address: "nope" }), "address");
  await expectInvalid(await post({ name: `Q ${unique()}`, group: team.group.name, followUpPolicy: "maybe" }), "followUpPolicy");
  await expectInvalid(await post({ name: `Q ${unique()}`, group: team.group.name, signature: "{{agent.nam}}" }), "signature");
  await expectInvalid(await post({ name: name.toUpperCase(), group: team.group.name }), "name");
  await expectInvalid(await post({ name: `Q ${unique()}`, group: `no group ${unique()}` }), "group");
  await expectError(await post({ name: `Q ${unique()}`, group: team.group.name, colour: "red" }), 400, "invalid");
});

test("POST /admin/queues refuses non-administrators (403) and anonymous callers (401), creating nothing", async ({ request }) => {
  const { team } = setup();
  const name = `Not created ${unique()}`;
  await expectForbidden(await request.post("/api/v1/admin/queues", { headers: bearer(team.agent), data: { name, group: team.group.name } }));
  await expectUnauthenticated((headers) => request.post("/api/v1/admin/queues", { headers, data: { name, group: team.group.name } }));
  const admin = await adminToken(setup().db);
  const queues = await expectStatus<AdminQueue[]>(await request.get("/api/v1/admin/queues", { headers: bearer(admin) }), 200);
  expect(queues.some((queue) => queue.name === name)).toBe(false);
});

test("PATCH /admin/queues/:id changes what is given; 404, 400, 403, 401 as the contract says", async ({ request }) => {
  const { db, team } = setup();
  const admin = await adminToken(db);
  const created = await expectStatus<AdminQueue>(await request.post("/api/v1/admin/queues", { headers: bearer(admin), data: { name: `Patch ${unique()}`, group: team.group.id } }), 201);
  const patch = (id: number | string, data: Record<string, unknown>, agent: { token: string } = admin) => request.patch(`/api/v1/admin/queues/${id}`, { headers: bearer(agent), data });

  const updated = await expectStatus<AdminQueue>(await patch(created.id, { group: team.otherGroup.name, followUpLock: true, valid: false, address: null }), 200);
  expect(updated).toMatchObject({ id: created.id, name: created.name, group: { id: team.otherGroup.id }, followUpLock: true, valid: false, address: null });
  expect(await expectStatus<AdminQueue>(await request.get(`/api/v1/admin/queues/${created.id}`, { headers: bearer(admin) }), 200)).toEqual(updated);

  await expectNotFound(await patch(2_000_000_000, { name: "x" }));
  await expectInvalid(await patch("abc", { name: "x" }), "id");
  await expectInvalid(await patch(created.id, { unlockTimeoutMinutes: -5 }), "unlockTimeoutMinutes");
  await expectInvalid(await patch(created.id, { name: team.queue.name }), "name");
  await expectInvalid(await patch(created.id, { autoResponses: { reply: 2_000_000_000 } }), "autoResponses.reply");
  await expectForbidden(await patch(created.id, { name: "x" }, team.agent));
  await expectUnauthenticated((headers) => request.patch(`/api/v1/admin/queues/${created.id}`, { headers, data: { name: "x" } }));
  expect((await auditOf(db, `queue:${created.id}`)).map((row) => row.action)).toEqual(["queue.create", "queue.update"]);
});
