import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { lockTicket } from "../../../server/tickets/lock-ticket";
import { updateTicket } from "../../../server/tickets/update-ticket";
import { createGroup, createQueue, grant, testAdmin } from "../../support/factories";
import { runCliOnE2eDatabase } from "../support/e2e-env";
import { bearer, createApiAgent, expectStatus, expectUnauthenticated, ticketFor, unique, apiSetupForFile, type ApiQueue } from "./support";

const setup = apiSetupForFile();

test("an API token made with the CLI reads exactly the queues its agent may read", async ({ request }) => {
  const suffix = randomBytes(3).toString("hex");
  const group = `api-group-${suffix}`;
  const login = `api-agent-${suffix}`;
  const queue = `API Queue ${suffix}`;
  const address = `api-${suffix}@example.com`;

  await runCliOnE2eDatabase(["group:add", "--name", group]);
  await runCliOnE2eDatabase(["agent:add", "--login", login, "--name", "Api Agent", "--email", `${login}@example.com`, "--password", `pw-${suffix}-${suffix}`]);
  await runCliOnE2eDatabase(["agent:grant", "--login", login, "--group", group, "--perm", "rw"]);
  await runCliOnE2eDatabase(["queue:add", "--name", queue, "--group", group, "--address", address]);
  const token = (await runCliOnE2eDatabase(["token:create", "--login", login])).trim();
  expect(token).toMatch(/^\S+$/);

  const response = await request.get("/api/v1/queues", { headers: { Authorization: `Bearer ${token}` } });
  expect(response.status()).toBe(200);
  const queues: unknown = await response.json();
  expect(queues).toEqual([{ id: expect.any(Number), name: queue, address, counts: { new: 0, open: 0, pending: 0, locked: 0 } }]);
});

test("GET /queues refuses a bad token and a request without credentials", async ({ request }) => {
  await expectUnauthenticated((headers) => request.get("/api/v1/queues", { headers }));
});

test("GET /queues lists the readable queues by name with the counts of their tickets in work", async ({ request }) => {
  const { db } = setup();
  const suffix = unique();
  const group = await createGroup(db, `api-counts-${suffix}`);
  const roGroup = await createGroup(db, `api-counts-ro-${suffix}`);
  const noteOnlyGroup = await createGroup(db, `api-counts-note-${suffix}`);
  const busy = await createQueue(db, { group: group.name, name: `B Counts ${suffix}` });
  const quiet = await createQueue(db, { group: group.name, name: `a counts ${suffix}` });
  const readOnly = await createQueue(db, { group: roGroup.name, name: `C Counts ${suffix}` });
  await createQueue(db, { group: noteOnlyGroup.name, name: `D Counts ${suffix}` });
  const agent = await createApiAgent(db, [[group, "rw"], [roGroup, "ro"], [noteOnlyGroup, "note", "create"]]);
  const stranger = await createApiAgent(db);

  const s = setup();
  await ticketFor(s, { queue: busy.id, actor: agent.actor }); // new
  await ticketFor(s, { queue: busy.id, actor: agent.actor, kind: "email_out" }); // open
  const locked = await ticketFor(s, { queue: busy.id, actor: agent.actor }); // new and locked
  await lockTicket(db, { actor: agent.actor, number: locked.number });
  const pending = await ticketFor(s, { queue: busy.id, actor: agent.actor });
  await updateTicket(db, { actor: agent.actor, number: pending.number, state: "pending reminder", pendingUntil: new Date(Date.now() + 86_400_000) });
  const closed = await ticketFor(s, { queue: busy.id, actor: agent.actor });
  await updateTicket(db, { actor: agent.actor, number: closed.number, state: "closed successful" });
  await ticketFor(s, { queue: readOnly.id, actor: await testAdmin(db) });

  const queues = await expectStatus<ApiQueue[]>(await request.get("/api/v1/queues", { headers: bearer(agent) }), 200);
  // Ordered by name in any case; the queue where the agent holds neither ro nor rw is left out.
  expect(queues).toEqual([
    { id: quiet.id, name: quiet.name, address: quiet.address, counts: { new: 0, open: 0, pending: 0, locked: 0 } },
    { id: busy.id, name: busy.name, address: busy.address, counts: { new: 2, open: 1, pending: 1, locked: 1 } },
    { id: readOnly.id, name: readOnly.name, address: readOnly.address, counts: { new: 1, open: 0, pending: 0, locked: 0 } },
  ]);

  expect(await expectStatus<ApiQueue[]>(await request.get("/api/v1/queues", { headers: bearer(stranger) }), 200)).toEqual([]);
});

test("GET /queues shows an ro grant the same as rw, and follows a new grant at once", async ({ request }) => {
  const { db } = setup();
  const group = await createGroup(db, `api-grant-${unique()}`);
  const queue = await createQueue(db, { group: group.name });
  const agent = await createApiAgent(db);
  expect(await expectStatus<ApiQueue[]>(await request.get("/api/v1/queues", { headers: bearer(agent) }), 200)).toEqual([]);
  await grant(db, agent, group, "ro");
  expect(await expectStatus<ApiQueue[]>(await request.get("/api/v1/queues", { headers: bearer(agent) }), 200)).toEqual([
    { id: queue.id, name: queue.name, address: queue.address, counts: { new: 0, open: 0, pending: 0, locked: 0 } },
  ]);
});

test("the health check answers", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
});
