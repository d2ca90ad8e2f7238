import { expect, test } from "@playwright/test";
import { addTemplate } from "../../../server/templates/add-template";
import { createQueue } from "../../support/factories";
import { bearer, expectInvalid, expectSameNotFound, expectStatus, expectUnauthenticated, unique, apiSetupForFile, type ApiTemplate } from "./support";

const setup = apiSetupForFile();

test("GET /templates?queue= lists the queue's templates by name, the queue by id or name", async ({ request }) => {
  const { db, team } = setup();
  const suffix = unique();
  const queue = await createQueue(db, { group: team.group.name, name: `Templated ${suffix}` });
  const other = await createQueue(db, { group: team.group.name, name: `Untemplated ${suffix}` });
  const solved = { name: `B solved ${suffix}`, kind: "answer" as const, body: "Dear {{customer.name}},\nsolved.\n{{agent.name}}" };
  const greeting = { name: `A greeting ${suffix}`, kind: "note" as const, body: "Hello!" };
  const shared = { name: `C shared ${suffix}`, kind: "answer" as const, body: "For both queues." };
  const solvedId = (await addTemplate(db, { ...solved, queues: [queue.id] })).id;
  const greetingId = (await addTemplate(db, { ...greeting, queues: [queue.name] })).id;
  const sharedId = (await addTemplate(db, { ...shared, queues: [queue.id, other.id] })).id;
  await addTemplate(db, { name: `D unused ${suffix}`, body: "In no queue." });

  const expected = [
    { id: greetingId, ...greeting },
    { id: solvedId, ...solved },
    { id: sharedId, ...shared },
  ];
  expect(await expectStatus<ApiTemplate[]>(await request.get("/api/v1/templates", { headers: bearer(team.agent), params: { queue: queue.id } }), 200)).toEqual(expected);
  expect(await expectStatus<ApiTemplate[]>(await request.get("/api/v1/templates", { headers: bearer(team.reader), params: { queue: queue.name } }), 200)).toEqual(expected);
  expect(await expectStatus<ApiTemplate[]>(await request.get("/api/v1/templates", { headers: bearer(team.agent), params: { queue: other.id } }), 200)).toEqual([{ id: sharedId, ...shared }]);
  expect(await expectStatus<ApiTemplate[]>(await request.get("/api/v1/templates", { headers: bearer(team.agent), params: { queue: team.otherQueue.id } }), 200)).toEqual([]);
});

test("GET /templates refuses a bad token and a request without credentials", async ({ request }) => {
  const { team } = setup();
  await expectUnauthenticated((headers) => request.get("/api/v1/templates", { headers, params: { queue: team.queue.id } }));
  await expectUnauthenticated((headers) => request.get("/api/v1/templates", { headers }));
});

test("GET /templates answers 404 alike for an unknown queue and one the caller may not read", async ({ request }) => {
  const { db, team } = setup();
  await addTemplate(db, { name: `Secret template ${unique()}`, body: "Hidden", queues: [team.secretQueue.id] });
  const get = (agent: { token: string }, queue: string | number) => request.get("/api/v1/templates", { headers: bearer(agent), params: { queue } });
  const unreadable = await get(team.agent, team.secretQueue.id);
  await expectSameNotFound(await get(team.agent, 2_000_000_000), unreadable);
  await expectSameNotFound(await get(team.agent, `No such queue ${unique()}`), await get(team.agent, team.secretQueue.name));
  await expectSameNotFound(await get(team.agent, 2_000_000_000), await get(team.outsider, team.queue.id));
});

test("GET /templates answers 400 naming `queue` without one", async ({ request }) => {
  const { team } = setup();
  await expectInvalid(await request.get("/api/v1/templates", { headers: bearer(team.agent) }), "queue");
  await expectInvalid(await request.get("/api/v1/templates?queue=", { headers: bearer(team.agent) }), "queue");
  await expectInvalid(await request.get("/api/v1/templates?queue=%20%20", { headers: bearer(team.agent) }), "queue");
});
